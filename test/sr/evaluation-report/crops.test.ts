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
  disagreementMax,
  disagreementPanel,
  intensityPanels,
  xzCrop,
} from '../../../app/sr/evaluation-report/crops.js';
import {
  createRaster,
  grayPanel,
  magnitudeColour,
  panelGap,
  percentile,
  sharedRange,
} from '../../../app/image/index.js';
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

  it('draws the disagreement in magma over 0…its 99.9th percentile, with its colour bar under it', () => {
    const v = volumes({ x: 40, y: 6, z: 30 }, 1);
    expect(disagreementPanel(v, cropWindows(v)[0], 1)).toBeUndefined();
    const disagreement = v.truth.map((t) => t / 10);
    const withMap = { ...v, disagreement };
    const [w] = cropWindows(withMap);
    const top = disagreementMax(withMap);
    expect(top).toBe(percentile(disagreement, 99.9));
    const panel = disagreementPanel(withMap, w, top)!;
    expect(panel.label).toBe('XZ-YZ');
    const crop = xzCrop(disagreement, v.dims, w);
    for (const i of [0, 17, 400])
      expect([...panel.raster.data.subarray(3 * i, 3 * i + 3)]).toEqual([...magnitudeColour(crop[i], top)]);
    const row = cropFigure([...intensityPanels(withMap, w), panel], w, v.voxelUm);
    const zoom = row.zoom;
    const gap = panelGap(40 * zoom);
    expect(row.raster.width).toBe(4 * 40 * zoom + 3 * gap);
    const legend = panel.legend!(40 * zoom, 2);
    expect(row.raster.height).toBe(30 * zoom + legend.height);
    // The band under the first three panels is empty; under the fourth, the bar's colours.
    const bandRow = 30 * zoom + Math.floor(legend.height / 4);
    const pixel = (x: number): number[] => {
      const o = (bandRow * row.raster.width + x) * 3;
      return [...row.raster.data.subarray(o, o + 3)];
    };
    expect(pixel(20 * zoom)).toEqual([0, 0, 0]);
    const barColours = new Set<string>();
    for (let x = 3 * (40 * zoom + gap); x < row.raster.width; x++) barColours.add(pixel(x).join());
    expect(barColours.size).toBeGreaterThan(10);
  });
});
