/**
 * The labels of one panel of a figure, laid out so that none covers another: the panel's name
 * top-left, the µm scale bar bottom-right with its length above it, the axis arrows bottom-left.
 * On a small panel (a 64-pixel-wide MIP) the name shrinks, then gives way to a shorter one, then
 * is left out; the bar's length is left out where it would reach the name; the arrows where they
 * would touch the name or the bar. The comparison figures (comparison.ts) and the channel
 * composites (composite-figure.ts) label every panel with this, so they read the same.
 *
 * @example labelPanel(raster, { x0: 0, width: 256 }, { names: ['SR'], bar, axes, scale: 2 })
 */
import { drawText, GLYPH_HEIGHT, textWidth } from './bitmap-font.js';
import { drawAxisArrows, fittingScale, type PanelAxes } from './figure-labels.js';
import type { PixelBox, Raster } from './raster.js';
import { drawScaleBar, type ScaleBar } from './scale-bar.js';

export interface PanelLabels {
  /** The panel's name, longest first: the first that fits at `scale` is drawn, else the last one shrunk to fit. */
  names: readonly string[];
  bar: ScaleBar;
  /** The axes along columns and rows, for the arrows (none without). */
  axes?: PanelAxes;
  /** Text size in font pixels (textScale of the panel). */
  scale: number;
}

/** The box `text` covers drawn at (x, y) and `scale`, its shadow included. */
export function textBox(x: number, y: number, text: string, scale: number): PixelBox {
  const shadow = Math.max(1, Math.floor(scale / 2));
  return { x0: x, y0: y, x1: x + textWidth(text, scale) + shadow, y1: y + GLYPH_HEIGHT * scale + shadow };
}

/**
 * The name that fits `room` pixels and its scale (shrunk down to 1); the last, shortest name may
 * give up the right margin (`inside` pixels); null when none fits even so.
 */
function fittingName(
  names: readonly string[],
  room: number,
  inside: number,
  scale: number,
): { text: string; scale: number } | null {
  const text = names.find((name) => textWidth(name, scale) <= room) ?? names.at(-1);
  if (text === undefined) return null;
  const fitted = fittingScale(text, room, scale);
  return textWidth(text, fitted) <= inside ? { text, scale: fitted } : null;
}

/**
 * Draws the panel's labels into the columns [x0, x0 + width) of `raster`.
 * @returns the boxes drawn (name, bar, bar length, arrows), each inside the panel and apart
 */
export function labelPanel(
  raster: Raster,
  region: { x0: number; width: number },
  labels: PanelLabels,
): PixelBox[] {
  const { x0, width } = region;
  const { scale } = labels;
  const boxes: PixelBox[] = [];
  // The shadow's pixel must stay inside the panel too.
  const shadow = Math.max(1, Math.floor(scale / 2));
  const name = fittingName(labels.names, width - 4 * scale, width - 2 * scale - shadow, scale);
  if (name) {
    drawText(raster, x0 + 2 * scale, 2 * scale, name.text, name.scale, [255, 255, 255]);
    boxes.push(textBox(x0 + 2 * scale, 2 * scale, name.text, name.scale));
  }
  const below = boxes.length > 0 ? boxes[0].y1 + 1 : 0;
  const drawn = drawScaleBar(raster, labels.bar, { x0, width, top: below });
  boxes.push(drawn.bar);
  if (drawn.label) boxes.push(drawn.label);
  if (labels.axes) {
    // Between the name's row and the scale bar's bottom row (which must hold the bar alone).
    const top = Math.max(below, 2 * scale + (GLYPH_HEIGHT + 2) * scale);
    const bottom = raster.height - Math.max(3, Math.round(Math.min(width, raster.height) * 0.03)) - 2;
    const arrows = drawAxisArrows(raster, labels.axes, { x0, width, top, bottom }, scale, boxes);
    if (arrows) boxes.push(arrows);
  }
  return boxes;
}
