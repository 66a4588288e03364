/**
 * THE comparison of a super-resolved image against its bicubic baseline (typically their MIPs):
 * - side by side, SR left ("SR"), bicubic right ("BICUBIC"), under one shared display range
 *   (contrast.ts: 0.1 / 99.9 percentiles of both), so brightness differences are real;
 * - the difference SR − bicubic in the RdBu map (colormap.ts) over ±(99.5th percentile of
 *   |difference|), labelled with that range.
 * Each carries the same µm scale bar (scale-bar.ts). Pure pixels: the CLI's `compare` encodes
 * them as PNG (comparison-png.ts, node), the UI's "Export PNG" through a canvas; both draw these.
 *
 * @example
 *   const figure = renderComparison(srMip, bicubicMip, 512, 512, { pixelUm: 0.411 });
 *   figure.sideBySide;   // Raster, gray, (2 · 512 + gap) × 512
 */
import { drawText } from './bitmap-font.js';
import { differenceHalfRange, sharedRange, type DisplayRange } from './contrast.js';
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
  /** Draw "SR", "BICUBIC" and "SR-BICUBIC ±range" labels (default true). */
  labels?: boolean;
}

export interface Comparison {
  /** Gray, (2 · width + gap) × round(height · rowScale). */
  sideBySide: Raster;
  /** RGB, width × round(height · rowScale). */
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
  const sideBySide = createRaster(2 * width + gap, outHeight, 1);
  blit(sideBySide, grayPanel(sr, width, height, outHeight, contrast), 0, 0);
  blit(sideBySide, grayPanel(bicubic, width, height, outHeight, contrast), width + gap, 0);
  const bar = figureScaleBar(width, options.pixelUm, options.barUm);
  drawScaleBar(sideBySide, bar, { width });
  drawScaleBar(sideBySide, bar, { x0: width + gap, width });

  const differenceRange = differenceHalfRange(sr, bicubic);
  const difference = differencePanel(sr, bicubic, width, height, outHeight, differenceRange);
  drawScaleBar(difference, bar);

  if (options.labels ?? true) {
    const scale = textScale(sideBySide);
    drawText(sideBySide, 2 * scale, 2 * scale, 'SR', scale, [255]);
    drawText(sideBySide, width + gap + 2 * scale, 2 * scale, 'BICUBIC', scale, [255]);
    const label = `SR-BICUBIC ±${Number(differenceRange.toPrecision(3))}`;
    drawText(difference, 2 * scale, 2 * scale, label, textScale(difference), [255, 255, 255]);
  }
  return { sideBySide, difference, scaleBar: bar, contrast, differenceRange, gap };
}
