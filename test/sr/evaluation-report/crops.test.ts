/**
 * The report's crops: the busiest and the middle xz slice, cut to at most CROP_SIZE², shown as
 * truth | bicubic | SR under one display range, enlarged by a whole factor; and the figure is a
 * row of any number of panels (a fourth, the disagreement, fits without changes).
 */
import { describe, expect, it } from 'vitest';
import {
  CROP_SIZE,
  PANEL_MIN_PIXELS,
  cropFigure,
  cropWindows,
  intensityPanels,
  xzCrop,
} from '../../../app/sr/evaluation-report/crops.js';
import { createRaster, grayPanel, panelGap, sharedRange } from '../../../app/image/index.js';
import type { EvaluatedVolumes } from '../../../app/sr/evaluate.js';
import { seeded } from '../../helpers/fixtures.js';

function volumes(dims: { x: number; y: number; z: number }, busyRow: number): EvaluatedVolumes {
  const random = seeded(3);
  const n = dims.x * dims.y * dims.z;
  const truth = new Float32Array(n);
  for (let z = 0; z < dims.z; z++)
    for (let y = 0; y < dims.y; y++)
      for (let x = 0; x < dims.x; x++)
        truth[(z * dims.y + y) * dims.x + x] = (y === busyRow ? 1000 : 100) * random();
  const bicubic = truth.map((v) => v * 0.9);
  const sr = truth.map((v) => v * 0.95 + 1);
  return { dims, truth, bicubic, sr, voxelUm: 0.5 };
}

describe('report crops', () => {
  it('takes the busiest and the middle xz slice, at most CROP_SIZE² from the centre', () => {
    const v = volumes({ x: 150, y: 9, z: 140 }, 2);
    const windows = cropWindows(v);
    expect(windows.map((w) => w.y)).toEqual([2, 4]);
    expect(windows[0]).toMatchObject({ width: CROP_SIZE, height: CROP_SIZE, x0: 11, z0: 6 });
    const crop = xzCrop(v.sr, v.dims, windows[0]);
    expect(crop[0]).toBe(v.sr[(6 * 9 + 2) * 150 + 11]);
    expect(crop[CROP_SIZE * 5 + 7]).toBe(v.sr[((6 + 5) * 9 + 2) * 150 + 11 + 7]);
    // A small volume: the whole slice, one window when the busiest row is the middle one.
    expect(cropWindows(volumes({ x: 30, y: 8, z: 20 }, 4))).toEqual([
      { y: 4, x0: 0, z0: 0, width: 30, height: 20 },
    ]);
  });

  it('shows truth, bicubic and SR enlarged under one range, panels side by side', () => {
    const v = volumes({ x: 40, y: 6, z: 30 }, 1);
    const [w] = cropWindows(v);
    const panels = intensityPanels(v, w);
    expect(panels.map((p) => p.label)).toEqual(['TRUTH', 'BICUBIC', 'SR']);
    const crops = [v.truth, v.bicubic, v.sr].map((values) => xzCrop(values, v.dims, w));
    const both = new Float32Array([...crops[1], ...crops[2]]);
    const range = sharedRange(crops[0], both)!;
    const gray = grayPanel(crops[2], w.width, w.height, w.height, range);
    expect(panels[2].raster.data.filter((_, i) => i % 3 === 0)).toEqual(gray.data);
    const figure = cropFigure(panels, w, v.voxelUm);
    const zoom = Math.ceil(PANEL_MIN_PIXELS / 40);
    expect(figure.zoom).toBe(zoom);
    const gap = panelGap(40 * zoom);
    expect([figure.raster.width, figure.raster.height]).toEqual([3 * 40 * zoom + 2 * gap, 30 * zoom]);
    // Middle of the SR panel, away from the label and scale bar: the crop's pixel, enlarged.
    const [px, pz] = [20, 15];
    const at = (pz * zoom * figure.raster.width + 2 * (40 * zoom + gap) + px * zoom) * 3;
    expect(figure.raster.data[at]).toBe(gray.data[pz * 40 + px]);
    // A fourth panel (e.g. a colour map) joins the row.
    const extra = { label: 'DISAGREEMENT', raster: createRaster(40, 30, 3) };
    const four = cropFigure([...panels, extra], w, v.voxelUm);
    expect(four.raster.width).toBe(4 * 40 * zoom + 3 * gap);
    expect(four.labels).toEqual(['TRUTH', 'BICUBIC', 'SR', 'DISAGREEMENT']);
  });
});
