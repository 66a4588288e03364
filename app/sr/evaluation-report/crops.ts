/**
 * The evaluation report's example crops: xz slices (x across, z down, both at the truth's
 * isotropic pixel) of the truth, the bicubic baseline and SR, side by side under one display
 * range (the shared contrast rule of app/image), each labelled and with a µm scale bar.
 *
 * A figure is a row of `ReportPanel`s, each an RGB raster of the crop's size; the orientations'
 * disagreement (with both orientations) is a fourth, in magma with its colour bar under it.
 */
import {
  blit,
  createRaster,
  drawScaleBar,
  drawText,
  figureScaleBar,
  grayPanel,
  magnitudeBarBand,
  magnitudeColour,
  panelGap,
  percentile,
  stackRasters,
  sharedRange,
  textScale,
  textWidth,
  type Raster,
} from '../../image/index.js';
import type { Dims3 } from '../../math/index.js';
import type { EvaluatedVolumes } from '../evaluate.js';

/** Largest crop side, in voxels. */
export const CROP_SIZE = 128;

/** Panels are enlarged by a whole factor until their longer side has at least this many pixels. */
export const PANEL_MIN_PIXELS = 192;

/** One panel of a figure: its label and its RGB raster at the crop's size (before zoom). */
export interface ReportPanel {
  label: string;
  raster: Raster;
  /** A legend drawn under the panel (its colour bar), given the zoomed panel's width and text scale. */
  legend?: (width: number, scale: number) => Raster;
}

/** Top of the disagreement's colour scale: this percentile of the compared volume's disagreement. */
export const DISAGREEMENT_PERCENTILE = 99.9;

/** Where an example crop sits: the xz slice at row y, x from x0, z (compared planes) from z0. */
export interface CropWindow {
  y: number;
  x0: number;
  z0: number;
  width: number;
  height: number;
}

export interface CropFigure {
  window: CropWindow;
  /** Whole-number enlargement of every panel. */
  zoom: number;
  /** RGB, panels.length · zoom · width + gaps wide, zoom · height tall. */
  raster: Raster;
  labels: string[];
}

/** Variance of the truth's xz slice at row y. */
function sliceVariance(v: EvaluatedVolumes, y: number): number {
  const { x: X, y: Y, z: Z } = v.dims;
  let sum = 0;
  let squares = 0;
  for (let z = 0; z < Z; z++)
    for (let x = 0; x < X; x++) {
      const value = v.truth[(z * Y + y) * X + x];
      sum += value;
      squares += value * value;
    }
  const n = X * Z;
  return squares / n - (sum / n) ** 2;
}

/**
 * The example crops: the xz slice with the most structure (largest truth variance) and the
 * middle one, each cut to at most CROP_SIZE² around its centre.
 */
export function cropWindows(v: EvaluatedVolumes): CropWindow[] {
  const { x: X, y: Y, z: Z } = v.dims;
  let busiest = 0;
  let most = -Infinity;
  for (let y = 0; y < Y; y++) {
    const variance = sliceVariance(v, y);
    if (variance > most) {
      most = variance;
      busiest = y;
    }
  }
  const width = Math.min(X, CROP_SIZE);
  const height = Math.min(Z, CROP_SIZE);
  const x0 = Math.floor((X - width) / 2);
  const z0 = Math.floor((Z - height) / 2);
  const rows = [...new Set([busiest, Math.floor(Y / 2)])];
  return rows.map((y) => ({ y, x0, z0, width, height }));
}

/** The crop `w` of a volume of `dims`: width × height values, x fastest, z down. */
export function xzCrop(values: Float32Array, dims: Dims3, w: CropWindow): Float32Array {
  const out = new Float32Array(w.width * w.height);
  for (let z = 0; z < w.height; z++) {
    const from = ((w.z0 + z) * dims.y + w.y) * dims.x + w.x0;
    out.set(values.subarray(from, from + w.width), z * w.width);
  }
  return out;
}

/** A gray raster as RGB. */
function rgbOf(gray: Raster): Raster {
  const rgb = createRaster(gray.width, gray.height, 3);
  for (let i = 0; i < gray.data.length; i++) rgb.data.fill(gray.data[i], 3 * i, 3 * i + 3);
  return rgb;
}

/** `r` enlarged `k` times by nearest neighbour. */
function zoomed(r: Raster, k: number): Raster {
  if (k === 1) return r;
  const out = createRaster(r.width * k, r.height * k, r.channels);
  const c = r.channels;
  for (let y = 0; y < out.height; y++)
    for (let x = 0; x < out.width; x++) {
      const from = (Math.floor(y / k) * r.width + Math.floor(x / k)) * c;
      out.data.set(r.data.subarray(from, from + c), (y * out.width + x) * c);
    }
  return out;
}

/** Truth, bicubic and SR crops at `w`, gray under their shared range (0.1 / 99.9 percentiles). */
export function intensityPanels(v: EvaluatedVolumes, w: CropWindow): ReportPanel[] {
  const crops = [v.truth, v.bicubic, v.sr].map((values) => xzCrop(values, v.dims, w));
  const [truth, bicubic, sr] = crops;
  const both = new Float32Array(bicubic.length + sr.length);
  both.set(bicubic);
  both.set(sr, bicubic.length);
  const range = sharedRange(truth, both) ?? { lo: 0, hi: 0 };
  const panel = (values: Float32Array): Raster =>
    rgbOf(grayPanel(values, w.width, w.height, w.height, range));
  return [
    { label: 'TRUTH', raster: panel(truth) },
    { label: 'BICUBIC', raster: panel(bicubic) },
    { label: 'SR', raster: panel(sr) },
  ];
}

/**
 * The disagreement crop at `w` in magma over 0…`max` (one max for every crop of a report, the
 * DISAGREEMENT_PERCENTILE of the whole compared volume, so crops compare), with its colour bar.
 */
export function disagreementPanel(v: EvaluatedVolumes, w: CropWindow, max: number): ReportPanel | undefined {
  if (!v.disagreement) return undefined;
  const values = xzCrop(v.disagreement, v.dims, w);
  const raster = createRaster(w.width, w.height, 3);
  for (let i = 0; i < values.length; i++) raster.data.set(magnitudeColour(values[i], max), 3 * i);
  return { label: 'XZ-YZ', raster, legend: (width, scale) => magnitudeBarBand(width, max, scale) };
}

/** The top of the disagreement's colour scale for a report (0 without a disagreement). */
export function disagreementMax(v: EvaluatedVolumes): number {
  return v.disagreement ? percentile(v.disagreement, DISAGREEMENT_PERCENTILE) : 0;
}

/**
 * The panels side by side, each enlarged to PANEL_MIN_PIXELS, labelled in its top-left corner
 * and (when the voxel size is known) with a scale bar.
 */
export function cropFigure(panels: ReportPanel[], w: CropWindow, voxelUm: number | null): CropFigure {
  const zoom = Math.max(1, Math.ceil(PANEL_MIN_PIXELS / Math.max(w.width, w.height)));
  const pw = w.width * zoom;
  const ph = w.height * zoom;
  const gap = panelGap(pw);
  const figure = createRaster(panels.length * pw + (panels.length - 1) * gap, ph, 3);
  const bar = voxelUm ? figureScaleBar(pw, voxelUm / zoom) : undefined;
  const legends: { x0: number; raster: Raster }[] = [];
  panels.forEach((p, k) => {
    const x0 = k * (pw + gap);
    const big = zoomed(p.raster, zoom);
    const scale = textScale(big);
    blit(figure, big, x0, 0);
    const legend = p.legend?.(pw, scale);
    if (legend) legends.push({ x0, raster: legend });
    if (bar) drawScaleBar(figure, bar, { x0, width: pw });
    const fits = [scale, 1].find((s) => textWidth(p.label, s) <= pw - 4 * s);
    if (fits) drawText(figure, x0 + 2 * fits, 2 * fits, p.label, fits, [255, 255, 255]);
  });
  const legendHeight = Math.max(0, ...legends.map((l) => l.raster.height));
  if (legendHeight === 0) return { window: w, zoom, raster: figure, labels: panels.map((p) => p.label) };
  // Legends in a band under the row, each under its panel.
  const band = createRaster(figure.width, legendHeight, 3);
  for (const legend of legends) blit(band, legend.raster, legend.x0, 0);
  return { window: w, zoom, raster: stackRasters(figure, band), labels: panels.map((p) => p.label) };
}
