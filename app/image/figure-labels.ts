/**
 * What makes a comparison figure readable on its own, on a slide: a title band naming what is
 * shown (stack, model, channel, projection), axis arrows saying which way each axis runs in a
 * panel (x → and z ↓ on a y MIP), and the colour bar of the difference map with its ± range.
 * Drawn into rasters (raster.ts) with the bitmap font; comparison.ts places them.
 *
 * @example
 *   drawAxisArrows(panel, { columns: 'x', rows: 'z' }, { x0: 0, width: 512, bottom: 490 }, 4);
 *   const band = colourBarBand(512, 0.25, 4);   // RGB, the RdBu strip over −0.25 … +0.25
 */
import { GLYPH_HEIGHT, GLYPH_WIDTH, drawText, textWidth } from './bitmap-font.js';
import { differenceColour, magnitudeColour, type Rgb } from './colormap.js';
import { blit, boxesOverlap, createRaster, fillRect, type PixelBox, type Raster } from './raster.js';

/** The axes along a panel's columns and rows (app/image/mip-frame.ts's MipPixels has them). */
export interface PanelAxes {
  columns: 'x' | 'y';
  rows: 'y' | 'z';
}

/** One filled rectangle [x0, x1) × [y0, y1). */
type Box = readonly [x0: number, y0: number, x1: number, y1: number];

/** The rectangles of an arrow `length` long from (x, y), pointing right or down, `weight` thick. */
function arrowBoxes(
  x: number,
  y: number,
  length: number,
  weight: number,
  direction: 'right' | 'down',
): Box[] {
  const head = 2 * weight;
  const boxes: Box[] = [];
  if (direction === 'right') {
    boxes.push([x, y, x + length - head, y + weight]);
    // The head: columns shrinking towards the tip, centred on the shaft.
    for (let step = 0; step < head; step++) {
      const reach = head - step;
      boxes.push([
        x + length - head + step,
        y + weight / 2 - reach,
        x + length - head + step + 1,
        y + weight / 2 + reach,
      ]);
    }
  } else {
    boxes.push([x, y, x + weight, y + length - head]);
    for (let step = 0; step < head; step++) {
      const reach = head - step;
      boxes.push([
        x + weight / 2 - reach,
        y + length - head + step,
        x + weight / 2 + reach,
        y + length - head + step + 1,
      ]);
    }
  }
  return boxes;
}

/** Width and height in pixels of the axis arrows at text `scale`. */
export function axisArrowsSize(scale: number): { width: number; height: number } {
  const length = 10 * scale;
  return {
    width: length + scale + textWidth('x', scale) + scale,
    // The row axis's name under its tip: a font pixel of space, the glyphs and their shadow.
    height: length + (GLYPH_HEIGHT + 2) * scale,
  };
}

/**
 * Draws the panel's axis arrows in its bottom-left corner: from a common origin, the column axis
 * pointing right and the row axis pointing down (image rows run downwards), each named at its
 * tip, white over a dark outline. `region` is the panel's columns, the row the arrows end
 * above and the row they must stay below (under the panel's label). Nothing is drawn where they
 * do not fit in a third of the panel's width or between those rows, or would cover a box of `avoid`.
 * @returns the box they cover (outline included), null when left out
 */
export function drawAxisArrows(
  raster: Raster,
  axes: PanelAxes,
  region: { x0: number; width: number; top: number; bottom: number },
  scale: number,
  avoid: readonly PixelBox[] = [],
): PixelBox | null {
  const size = axisArrowsSize(scale);
  const margin = Math.max(3, Math.round(Math.min(region.width, raster.height) * 0.03));
  // The heads reach 1.5 shaft widths beside their shafts, the outline one pixel further.
  const head = Math.ceil(1.5 * scale) + 1;
  if (size.width > region.width / 3 || region.bottom - size.height - head < region.top) return null;
  const length = 10 * scale;
  const left = region.x0 + Math.max(margin, head);
  const top = region.bottom - size.height;
  const covered = { x0: left - head, y0: top - head, x1: left + size.width, y1: top + size.height + 1 };
  if (avoid.some((box) => boxesOverlap(box, covered))) return null;
  const boxes = [
    ...arrowBoxes(left, top, length, scale, 'right'),
    ...arrowBoxes(left, top, length, scale, 'down'),
  ];
  const white = [255, 255, 255];
  for (const [x0, y0, x1, y1] of boxes) fillRect(raster, x0 - 1, y0 - 1, x1 + 1, y1 + 1, [0, 0, 0]);
  for (const [x0, y0, x1, y1] of boxes) fillRect(raster, x0, y0, x1, y1, white);
  // The column axis's name right of its tip, centred on the shaft; the row axis's below its tip.
  const columnTop = Math.round(top + scale / 2 - (GLYPH_HEIGHT * scale) / 2);
  drawText(raster, left + length + scale, columnTop, axes.columns, scale, white);
  const rowLeft = Math.max(region.x0, Math.round(left + scale / 2 - (GLYPH_WIDTH * scale) / 2));
  drawText(raster, rowLeft, top + length + scale, axes.rows, scale, white);
  return covered;
}

/**
 * The largest text scale from `scale` down to 1 at which `text` is at most `width` pixels wide
 * (1 when none is), so a label shrinks on a narrow figure rather than running off it.
 */
export function fittingScale(text: string, width: number, scale: number): number {
  let fitting = scale;
  while (fitting > 1 && textWidth(text, fitting) > width) fitting--;
  return fitting;
}

/** `text` cut to at most `width` pixels at `scale`, ending in "..." when cut. */
function fitText(text: string, width: number, scale: number): string {
  if (textWidth(text, scale) <= width) return text;
  const glyphs = [...text];
  while (glyphs.length > 0 && textWidth(`${glyphs.join('')}...`, scale) > width) glyphs.pop();
  return `${glyphs.join('')}...`;
}

/**
 * The title's parts packed into lines of at most `width` pixels at `scale`, joined by " · "; a
 * part too long for a line of its own is cut.
 * @example titleLines(['brain.tif', 'model brain-model', 'y MIP (x-z)'], 200, 2)
 */
export function titleLines(parts: readonly string[], width: number, scale: number): string[] {
  const lines: string[] = [];
  for (const part of parts) {
    const last = lines.at(-1);
    const joined = last === undefined ? part : `${last} · ${part}`;
    if (last !== undefined && textWidth(joined, scale) <= width) lines[lines.length - 1] = joined;
    else lines.push(fitText(part, width, scale));
  }
  return lines;
}

/** `figure` under a black band holding `parts` as a title, white, wrapped to the figure's width. */
export function withTitle(figure: Raster, parts: readonly string[], largest: number): Raster {
  // Shrink the text (not below 1) until the longest part fits a line of its own.
  const longest = parts.reduce((a, b) => (textWidth(a, 1) >= textWidth(b, 1) ? a : b), '');
  const scale = fittingScale(longest, figure.width - 4 * largest, largest);
  const pad = 2 * scale;
  const lineHeight = (GLYPH_HEIGHT + 3) * scale;
  const lines = titleLines(parts, figure.width - 2 * pad, scale);
  const band = lines.length * lineHeight + pad;
  const titled = createRaster(figure.width, figure.height + band, figure.channels);
  lines.forEach((line, k) => drawText(titled, pad, pad + k * lineHeight, line, scale, [255, 255, 255]));
  blit(titled, figure, 0, band);
  return titled;
}

/** A difference range as the colour bar writes it, e.g. 0.0123 → "0.0123", 1500 → "1500". */
export function rangeText(half: number): string {
  return String(Number(half.toPrecision(3)));
}

/**
 * The difference map's colour bar as an RGB band `width` wide: the RdBu strip from −half (blue,
 * left) through 0 (white) to +half (red, right) over the middle 60 % of the width, outlined, with
 * "−half", "0" and "+half" written under its ends and centre.
 */
export function colourBarBand(width: number, half: number, largest: number): Raster {
  const labels: [string, number][] = [
    [`−${rangeText(half)}`, 0],
    ['0', 0.5],
    [`+${rangeText(half)}`, 1],
  ];
  return barBand(width, labels, (t) => differenceColour((2 * t - 1) * half, half), largest);
}

/**
 * A magnitude map's colour bar (the disagreement's magma, colormap.ts) from 0 (left) to `max`
 * (right), laid out as colourBarBand.
 */
export function magnitudeBarBand(width: number, max: number, largest: number): Raster {
  const labels: [string, number][] = [
    ['0', 0],
    [rangeText(max), 1],
  ];
  return barBand(width, labels, (t) => magnitudeColour(t * max, max), largest);
}

/** A colour strip over the middle 60 % of `width`, `colourAt(0…1)`, with labels at their places 0…1. */
function barBand(
  width: number,
  labels: [text: string, at: number][],
  colourAt: (t: number) => Rgb,
  largest: number,
): Raster {
  // The labels beside each other with room between them, at the largest scale that fits.
  const scale = fittingScale(labels.map(([text]) => text).join('  '), width - 4 * largest, largest);
  const pad = 2 * scale;
  const thickness = Math.max(6, 3 * scale);
  const band = createRaster(width, pad + thickness + 2 + scale + (GLYPH_HEIGHT + 1) * scale + pad, 3);
  const length = Math.max(2, Math.round(width * 0.6));
  const left = Math.round((width - length) / 2);
  const top = pad;
  fillRect(band, left - 1, top - 1, left + length + 1, top + thickness + 1, [128, 128, 128]);
  for (let column = 0; column < length; column++)
    fillRect(band, left + column, top, left + column + 1, top + thickness, colourAt(column / (length - 1)));
  const textTop = top + thickness + 2 + scale;
  const white = [255, 255, 255];
  // Each label centred under its place on the bar, kept inside the band.
  for (const [text, at] of labels) {
    const textLeft = Math.round(left + at * length - textWidth(text, scale) / 2);
    const inside = Math.max(pad, Math.min(width - pad - textWidth(text, scale), textLeft));
    drawText(band, inside, textTop, text, scale, white);
  }
  return band;
}

/** `upper` above `lower`, both as wide and with as many channels. */
export function stackRasters(upper: Raster, lower: Raster): Raster {
  const stacked = createRaster(upper.width, upper.height + lower.height, upper.channels);
  blit(stacked, upper, 0, 0);
  blit(stacked, lower, 0, upper.height);
  return stacked;
}
