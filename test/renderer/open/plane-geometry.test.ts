import { describe, expect, it } from 'vitest';
import {
  centreOf,
  chooseBin,
  crosshairAt,
  fitRect,
  MAX_BIN,
  physicalSize,
  planeIndexAxis,
  planeSize,
  voxelAt,
  zStretch,
} from '../../../renderer/src/open/plane-geometry.js';
import { defaultModelDir, defaultRunDir, stemOf } from '../../../renderer/src/open/default-paths.js';

const shape = { x: 2000, y: 1500, z: 600 };

describe('planes', () => {
  it('sizes each plane with z on rows and names the coordinate its index is', () => {
    expect(planeSize(shape, 'xy')).toEqual({ width: 2000, height: 1500 });
    expect(planeSize(shape, 'xz')).toEqual({ width: 2000, height: 600 });
    expect(planeSize(shape, 'yz')).toEqual({ width: 1500, height: 600 });
    expect([planeIndexAxis('xy'), planeIndexAxis('xz'), planeIndexAxis('yz')]).toEqual(['z', 'y', 'x']);
  });
});

describe('z stretch', () => {
  it('is the z-step over the pixel size, and 1 when either is unknown or invalid', () => {
    expect(zStretch({ xyPixel: 0.4, zStep: 1.6 })).toBe(4);
    expect(zStretch({ xyPixel: 0.411, zStep: 1 })).toBeCloseTo(2.433, 3);
    expect(zStretch({ xyPixel: null, zStep: 1 })).toBe(1);
    expect(zStretch({ xyPixel: 0.4, zStep: 0 })).toBe(1);
    expect(zStretch({ xyPixel: -1, zStep: 2 })).toBe(1);
  });

  it('stretches only the rows of xz and yz', () => {
    expect(physicalSize({ width: 256, height: 64 }, 'xz', 4)).toEqual({ width: 256, height: 256 });
    expect(physicalSize({ width: 256, height: 256 }, 'xy', 4)).toEqual({ width: 256, height: 256 });
  });
});

describe('fitRect', () => {
  it('fits the content centred at its aspect', () => {
    expect(fitRect({ width: 400, height: 200 }, { width: 100, height: 100 })).toEqual({
      x: 100,
      y: 0,
      width: 200,
      height: 200,
    });
    expect(fitRect({ width: 400, height: 400 }, { width: 200, height: 100 })).toEqual({
      x: 0,
      y: 100,
      width: 400,
      height: 200,
    });
    expect(fitRect({ width: 0, height: 400 }, { width: 200, height: 100 }).width).toBe(0);
  });
});

describe('chooseBin', () => {
  it('is 1 when the plane is smaller than the view', () => {
    expect(chooseBin({ width: 256, height: 256 }, { width: 800, height: 800 })).toBe(1);
  });

  it('brings the plane to about screen resolution, never coarser', () => {
    // 2000 wide into 600 device pixels: 3.33 samples a pixel → bin 3 (667 px, just above the screen's 600).
    expect(chooseBin({ width: 2000, height: 2000 }, { width: 600, height: 800 })).toBe(3);
    const bin = chooseBin({ width: 10_000, height: 10_000 }, { width: 700, height: 700 });
    expect(bin).toBe(14);
    expect(10_000 / bin).toBeGreaterThanOrEqual(700);
    expect(10_000 / (bin + 1)).toBeLessThan(700);
  });

  it('fits the stretched plane: a tall xz is limited by its height', () => {
    // 2000 × 600 rows, z 4× coarser → shown 2000 × 2400; into 600 × 600 it is 500 px wide → bin 4.
    expect(chooseBin({ width: 2000, height: 600 }, { width: 600, height: 600 }, 4, 'xz')).toBe(4);
    expect(chooseBin({ width: 2000, height: 600 }, { width: 600, height: 600 }, 1, 'xz')).toBe(3);
  });

  it('caps at the engine maximum and survives an unsized view', () => {
    expect(chooseBin({ width: 1e6, height: 1e6 }, { width: 100, height: 100 })).toBe(MAX_BIN);
    expect(chooseBin({ width: 2000, height: 2000 }, { width: 0, height: 0 })).toBe(1);
  });
});

describe('crosshair', () => {
  const s = { x: 256, y: 128, z: 64 };
  const at = { x: 10, y: 20, z: 30 };

  it('maps a click on each plane to the voxel under it, keeping the plane index', () => {
    expect(voxelAt('xy', { fx: 0.5, fy: 0.25 }, s, at)).toEqual({ x: 128, y: 32, z: 30 });
    expect(voxelAt('xz', { fx: 0.5, fy: 0.5 }, s, at)).toEqual({ x: 128, y: 20, z: 32 });
    expect(voxelAt('yz', { fx: 0.5, fy: 1 }, s, at)).toEqual({ x: 10, y: 64, z: 63 });
    expect(voxelAt('xy', { fx: -0.2, fy: 1.7 }, s, at)).toEqual({ x: 0, y: 127, z: 30 });
  });

  it('draws the crosshair at voxel centres, the inverse of a click', () => {
    for (const axis of ['xy', 'xz', 'yz'] as const) {
      const c = crosshairAt(axis, s, at);
      expect(voxelAt(axis, c, s, at)).toEqual(at);
    }
    expect(centreOf(s)).toEqual({ x: 128, y: 64, z: 32 });
  });
});

describe('default paths', () => {
  it('puts model and run beside the input, named after its stem', () => {
    expect(defaultModelDir('/data/brain.ome.tif')).toBe('/data/brain-model');
    expect(defaultRunDir('/data/brain.ome.tif')).toBe('/data/brain-run');
    expect(defaultModelDir('/data/planes/')).toBe('/data/planes-model');
    expect(defaultRunDir('C:\\data\\Stack.TIFF')).toBe('C:\\data\\Stack-run');
    expect(defaultModelDir('/stack.tif')).toBe('/stack-model');
    expect(stemOf('scan.zarr')).toBe('scan');
  });
});
