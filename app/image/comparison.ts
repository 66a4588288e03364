/**
 * THE comparison of a super-resolved image against its bicubic baseline (typically their MIPs):
 * - side by side, SR left ("SR"), bicubic right ("BICUBIC"), under one shared display range
 *   (contrast.ts: 0.1 / 99.9 percentiles of both), so brightness differences are real;
 * - the difference SR − bicubic in the RdBu map (colormap.ts) over ±(99.5th percentile of
 *   |difference|), labelled with that range.
 * Each carries the same µm scale bar (scale-bar.ts) and, when labelled, arrows naming the panel's
 * axes, the difference its RdBu colour bar with the ± range, and both a title band naming the
 * stack, model and channel when one is given (figure-labels.ts). Pure pixels: the CLI's `compare` encodes
 * them as PNG (comparison-png.ts, node), the UI's "Export PNG" through a canvas; both draw these.
 *
 * @example
 *   const figure = renderComparison(srMip, bicubicMip, 512, 512, { pixelUm: 0.411 });
 *   figure.sideBySide;   // Raster, gray, (2 · 512 + gap) × (512 + title band)
 */
import { differenceHalfRange, sharedRange, type DisplayRange } from './contrast.js';
import { colourBarBand, rangeText, stackRasters, withTitle, type PanelAxes } from './figure-labels.js';
import { labelPanel } from './panel-labels.js';
import { differencePanel, grayPanel } from './panels.js';
import { blit, createRaster, type Raster } from './raster.js';
import { drawScaleBar, figureScaleBar, textScale, type ScaleBar } from './scale-bar.js';

export interface ComparisonOptions {
  /** µm per image pixel along x (the displayed width). */
  pixelUm: number;
  /** Output rows per input row (row µm / column µm for xz or yz MIPs of an anisotropic grid). Default 1. */
  rowScale?: number;
  /** Scale-bar length in µm (default: the longest 1-2-5 length within a fifth of the width). */
  barUm?: number;
  /**
   * Draw the labels (default true): "SR", "BICUBIC" and "SR-BICUBIC ±range" on the panels, the
   * axis arrows (with `axes`), the difference's colour bar band below it and the title band
   * above both (with `title`). False gives the bare panels and scale bars.
   */
  labels?: boolean;
  /** The axes along columns and rows (mipPixels(voxelSize, axis) has them), for the axis arrows. */
  axes?: PanelAxes;
  /** The title's parts, e.g. ['brain.tif', 'model brain-model', 'channel GFP', 'y MIP (x-z)']; wrapped to the width. */
  title?: readonly string[];
}

export interface Comparison {
  /** Gray, (2 · width + gap) × round(height · rowScale), plus the title band when titled. */
  sideBySide: Raster;
  /** RGB, width × round(height · rowScale), plus the colour bar band when labelled and the title band when titled. */
  difference: Raster;
  scaleBar: ScaleBar;
  /** The values shown as black and white in the side-by-side figure. */
  contrast: DisplayRange;
  /** |difference| shown at full colour. */
  differenceRange: number;
  /** Columns between the two panels. */
  gap: number;
}

/** Columns between the two panels of a side-by-side figure `width` wide per panel. */
export function panelGap(width: number): number {
  return Math.max(2, Math.round(width / 100));
}

/** Renders both figures. Throws on mismatched sizes or a non-positive pixel size. */
export function renderComparison(
  sr: ArrayLike<number>,
  bicubic: ArrayLike<number>,
  width: number,
  height: number,
  options: ComparisonOptions,
): Comparison {
  if (sr.length !== width * height || bicubic.length !== width * height) {
    const got = `${sr.length} and ${bicubic.length} values`;
    throw new Error(`renderComparison: images must both be ${width}x${height}, got ${got}`);
  }
  if (!(options.pixelUm > 0))
    throw new Error(`renderComparison: pixelUm must be positive, got ${options.pixelUm}`);
  const rowScale = options.rowScale ?? 1;
  const outHeight = Math.max(1, Math.round(height * rowScale));
  // Nothing finite yet (no unit done): every pixel black.
  const contrast = sharedRange(sr, bicubic) ?? { lo: 0, hi: 0 };
  const gap = panelGap(width);
  const panels = createRaster(2 * width + gap, outHeight, 1);
  blit(panels, grayPanel(sr, width, height, outHeight, contrast), 0, 0);
  blit(panels, grayPanel(bicubic, width, height, outHeight, contrast), width + gap, 0);
  const bar = figureScaleBar(width, options.pixelUm, options.barUm);
  const differenceRange = differenceHalfRange(sr, bicubic);
  const panel = differencePanel(sr, bicubic, width, height, outHeight, differenceRange);

  if (!(options.labels ?? true)) {
    drawScaleBar(panels, bar, { width });
    drawScaleBar(panels, bar, { x0: width + gap, width });
    drawScaleBar(panel, bar);
    return { sideBySide: panels, difference: panel, scaleBar: bar, contrast, differenceRange, gap };
  }
  // One text size for every label of both figures: that of one panel.
  const scale = textScale(panel);
  const { axes } = options;
  labelPanel(panels, { x0: 0, width }, { names: ['SR'], bar, axes, scale });
  labelPanel(panels, { x0: width + gap, width }, { names: ['BICUBIC'], bar, axes, scale });
  // The range is on the colour bar too: on a narrow panel the label gives it up before it shrinks.
  const ranged = `SR-BICUBIC ±${rangeText(differenceRange)}`;
  labelPanel(panel, { x0: 0, width }, { names: [ranged, 'SR-BICUBIC'], bar, axes, scale });
  let sideBySide = panels;
  let difference = stackRasters(panel, colourBarBand(width, differenceRange, scale));
  if (options.title && options.title.length > 0) {
    sideBySide = withTitle(sideBySide, options.title, scale);
    difference = withTitle(difference, options.title, scale);
  }
  return { sideBySide, difference, scaleBar: bar, contrast, differenceRange, gap };
}
