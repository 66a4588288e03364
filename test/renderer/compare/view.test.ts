import { describe, expect, it } from 'vitest';
import {
  fitView,
  imageRectToScreen,
  panBy,
  screenToImage,
  wheelFactor,
  zoomAbout,
  zoomLimits,
} from '../../../renderer/src/compare/view.js';
import {
  chooseLevel,
  drawPlan,
  tileRect,
  visibleTiles,
} from '../../../renderer/src/compare/visible-tiles.js';
import { levelSize, tileCount } from '../../../app/image/pyramid.js';
import { mipFrame } from '../../../renderer/src/compare/aspect.js';
import { formatLength, niceLength, scaleBar } from '../../../app/image/scale-bar.js';

const tall = { width: 2000, height: 6000, rowAspect: 1 };
const viewport = { width: 800, height: 600 };
const T = 512;
const LEVELS = 4; // 6000 → 3000 → 1500 → 750 → 375 (one tile at level 4 would need 5; the engine says so)

describe('view transform', () => {
  it('fits the whole image, centred', () => {
    const v = fitView(tall, viewport);
    expect(v.scale).toBeCloseTo(0.1);
    expect(v.x).toBeCloseTo((800 - 200) / 2);
    expect(v.y).toBeCloseTo(0);
    const aniso = fitView({ width: 1000, height: 100, rowAspect: 4 }, viewport);
    expect(aniso.scale).toBeCloseTo(0.8); // width-bound: 400 px drawn height fits
    expect(aniso.y).toBeCloseTo((600 - 100 * 4 * 0.8) / 2);
  });

  it('zooms about a point, keeping the image point under it fixed', () => {
    const v = fitView(tall, viewport);
    const limits = zoomLimits(tall, viewport);
    const before = screenToImage(v, tall, 420, 310);
    const z = zoomAbout(v, 3, 420, 310, limits);
    expect(z.scale).toBeCloseTo(0.3);
    const after = screenToImage(z, tall, 420, 310);
    expect(after.col).toBeCloseTo(before.col, 9);
    expect(after.row).toBeCloseTo(before.row, 9);
  });

  it('clamps zoom to its limits', () => {
    const v = fitView(tall, viewport);
    const limits = zoomLimits(tall, viewport);
    expect(zoomAbout(v, 1e6, 0, 0, limits).scale).toBe(32);
    expect(zoomAbout(v, 1e-6, 0, 0, limits).scale).toBeCloseTo(0.025);
    const aniso = { width: 100, height: 100, rowAspect: 4 };
    expect(zoomLimits(aniso, viewport).max).toBe(8); // 32 screen px per voxel along the stretched rows
  });

  it('pans and maps rectangles with the row aspect', () => {
    const v = panBy({ scale: 2, x: 10, y: 20 }, 5, -7);
    expect(v).toEqual({ scale: 2, x: 15, y: 13 });
    const r = imageRectToScreen(v, { width: 10, height: 10, rowAspect: 3 }, 1, 1, 2, 2);
    expect(r).toEqual({ x: 17, y: 19, width: 4, height: 12 });
  });

  it('turns wheel deltas into zoom factors', () => {
    expect(wheelFactor(-100)).toBeCloseTo(1.25);
    expect(wheelFactor(100)).toBeCloseTo(0.8);
    expect(wheelFactor(-3, 1)).toBeCloseTo(Math.pow(1.25, 0.99));
  });
});

describe('tile plan', () => {
  it('sizes levels like the engine (ceil)', () => {
    expect(levelSize(6000, 0)).toBe(6000);
    expect(levelSize(6000, 3)).toBe(750);
    expect(levelSize(2001, 1)).toBe(1001);
    expect(tileCount(6000, 0, T)).toBe(12);
    expect(tileCount(2000, 0, T)).toBe(4);
    expect(tileCount(6000, 3, T)).toBe(2);
  });

  it('chooses the coarsest level that does not undersample', () => {
    const at = (scale: number, dpr = 1, rowAspect = 1) =>
      chooseLevel({ scale, x: 0, y: 0 }, { ...tall, rowAspect }, LEVELS, dpr);
    expect(at(0.1)).toBe(3); // fit: 1 screen px ≈ 10 voxels, clamped to the coarsest level
    expect(at(0.3)).toBe(1);
    expect(at(0.5)).toBe(1);
    expect(at(0.49)).toBe(1);
    expect(at(1)).toBe(0);
    expect(at(8)).toBe(0);
    expect(at(0.5, 2)).toBe(0); // HiDPI needs the finer level
    expect(at(0.25, 1, 4)).toBe(0); // stretched rows are magnified 4×
  });

  it('covers the viewport of a 2000 × 6000 MIP at fit with its coarsest tiles', () => {
    const v = fitView(tall, viewport);
    const plan = drawPlan(v, tall, viewport, LEVELS, T);
    expect(plan.level).toBe(3);
    expect(plan.wanted).toEqual(
      expect.arrayContaining([
        { level: 3, tx: 0, ty: 0 },
        { level: 3, tx: 0, ty: 1 },
      ]),
    );
    expect(plan.wanted).toHaveLength(2);
    expect(plan.layers).toHaveLength(1);
  });

  it('asks only for the few full-resolution tiles in view when zoomed in', () => {
    const limits = zoomLimits(tall, viewport);
    const v = zoomAbout(fitView(tall, viewport), 10, 400, 300, limits); // scale 1: full resolution
    expect(v.scale).toBeCloseTo(1);
    const plan = drawPlan(v, tall, viewport, LEVELS, T);
    expect(plan.level).toBe(0);
    const fine = plan.layers[plan.layers.length - 1];
    // 800 × 600 screen px of 1 voxel each span at most 3 × 3 tiles of 512.
    expect(fine.length).toBeGreaterThan(0);
    expect(fine.length).toBeLessThanOrEqual(9);
    // Centre first: the tile under the viewport centre (voxel 1000, 3000).
    expect(fine[0]).toEqual({ level: 0, tx: Math.floor(1000 / T), ty: Math.floor(3000 / T) });
    // Plus the coarse backdrop, and coarse-to-fine layers for drawing.
    expect(plan.wanted.filter((t) => t.level === 3).length).toBeGreaterThan(0);
    expect(plan.layers.map((l) => l[0]?.level)).toEqual([3, 2, 1, 0]);
    for (const t of fine) {
      const r = tileRect(t, tall, T);
      const s = imageRectToScreen(v, tall, r.col, r.row, r.width, r.height);
      expect(s.x < viewport.width && s.x + s.width > 0 && s.y < viewport.height && s.y + s.height > 0).toBe(
        true,
      );
    }
  });

  it('lists every tile a viewport shows and none it does not', () => {
    const v = { scale: 0.5, x: -300, y: -1000 }; // level 1: voxels 600…2200 × 2000…3200
    const tiles = visibleTiles(v, tall, viewport, 1, T);
    const span = T * 2;
    const xs = new Set(tiles.map((t) => t.tx)),
      ys = new Set(tiles.map((t) => t.ty));
    expect([...xs].sort()).toEqual([0, 1]); // 600…2000 (image ends at 2000)
    expect([...ys].sort()).toEqual(
      [Math.floor(2000 / span), Math.floor(2000 / span) + 1, Math.floor(3199 / span)].filter(
        (v, i, a) => a.indexOf(v) === i,
      ),
    );
    expect(tiles).toHaveLength(xs.size * ys.size);
  });

  it('shows nothing when the image is panned out of view, and clips edge tiles', () => {
    expect(visibleTiles({ scale: 1, x: 900, y: 0 }, tall, viewport, 0, T)).toEqual([]);
    expect(visibleTiles({ scale: 1, x: 0, y: -7000 }, tall, viewport, 0, T)).toEqual([]);
    expect(tileRect({ level: 0, tx: 3, ty: 11 }, tall, T)).toEqual({
      col: 1536,
      row: 5632,
      width: 464,
      height: 368,
    });
  });
});

describe('aspect from voxel size', () => {
  const info = {
    axes: {
      z: { width: 2000, height: 1800 },
      y: { width: 2000, height: 600 },
      x: { width: 1800, height: 600 },
    },
    voxelSize: { x: 0.4, y: 0.5, z: 1.6 },
  };
  it('stretches z rows by the axial over the lateral voxel size', () => {
    expect(mipFrame(info, 'z')).toMatchObject({
      width: 2000,
      height: 1800,
      rowAspect: 1.25,
      columnUm: 0.4,
      columns: 'x',
      rows: 'y',
    });
    expect(mipFrame(info, 'y')).toMatchObject({
      width: 2000,
      height: 600,
      rowAspect: 4,
      columnUm: 0.4,
      columns: 'x',
      rows: 'z',
    });
    expect(mipFrame(info, 'x')).toMatchObject({
      width: 1800,
      height: 600,
      rowAspect: 3.2,
      columnUm: 0.5,
      columns: 'y',
      rows: 'z',
    });
  });
  it('is square for an isotropic run and for a missing size', () => {
    const iso = { ...info, voxelSize: { x: 0.4, y: 0.4, z: 0.4 } };
    expect(mipFrame(iso, 'y').rowAspect).toBe(1);
    expect(mipFrame({ ...info, voxelSize: { x: 0, y: 0, z: 1 } }, 'y').rowAspect).toBe(1);
  });
});

describe('scale bar', () => {
  it('picks the longest 1-2-5 length that fits', () => {
    expect(niceLength(7)).toBe(5);
    expect(niceLength(4.99)).toBe(2);
    expect(niceLength(1000)).toBe(1000);
    expect(niceLength(0.31)).toBeCloseTo(0.2);
    expect(scaleBar(0.4, 120)).toEqual({ um: 20, pixels: 50, label: '20 µm' });
    expect(scaleBar(10, 120)).toEqual({ um: 1000, pixels: 100, label: '1 mm' });
    expect(scaleBar(0.004, 100)).toMatchObject({ um: 0.2, label: '200 nm' });
    const b = scaleBar(0.37, 150)!;
    expect(b.pixels).toBeLessThanOrEqual(150);
    expect(b.pixels).toBeGreaterThan(150 / 2.5);
  });
  it('formats lengths and refuses nonsense', () => {
    expect(formatLength(50)).toBe('50 µm');
    expect(formatLength(2000)).toBe('2 mm');
    expect(scaleBar(0, 100)).toBeNull();
    expect(scaleBar(NaN, 100)).toBeNull();
  });
});
