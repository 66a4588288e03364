/**
 * A 5×7 bitmap font for the labels of figures ("50 µm", "SR", titles naming a stack, axis
 * labels with arrows), so figures carry their scale and captions without a font library.
 * Printable ASCII plus µ, ±, ×, − and the four arrows (the rest of the glyphs: font-glyphs.ts).
 */
import { GLYPH_PATTERNS, patternRows } from './font-glyphs.js';
import { fillRect, type Raster } from './raster.js';

/** Each glyph: 7 rows of 5 bits, most significant bit leftmost. */
const GLYPHS: Record<string, readonly number[]> = {
  ...Object.fromEntries(Object.entries(GLYPH_PATTERNS).map(([ch, pattern]) => [ch, patternRows(pattern)])),
  '0': [0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110],
  '1': [0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110],
  '2': [0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111],
  '3': [0b11111, 0b00010, 0b00100, 0b00010, 0b00001, 0b10001, 0b01110],
  '4': [0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010],
  '5': [0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110],
  '6': [0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110],
  '7': [0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000],
  '8': [0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110],
  '9': [0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100],
  '.': [0, 0, 0, 0, 0, 0b01100, 0b01100],
  '-': [0, 0, 0, 0b11111, 0, 0, 0],
  '+': [0, 0b00100, 0b00100, 0b11111, 0b00100, 0b00100, 0],
  '±': [0b00100, 0b00100, 0b11111, 0b00100, 0b00100, 0, 0b11111],
  ' ': [0, 0, 0, 0, 0, 0, 0],
  µ: [0, 0, 0b10001, 0b10001, 0b10011, 0b11101, 0b10000],
  m: [0, 0, 0b11010, 0b10101, 0b10101, 0b10101, 0b10101],
  n: [0, 0, 0b10110, 0b11001, 0b10001, 0b10001, 0b10001],
  e: [0, 0, 0b01110, 0b10001, 0b11111, 0b10000, 0b01110],
  B: [0b11110, 0b10001, 0b10001, 0b11110, 0b10001, 0b10001, 0b11110],
  C: [0b01110, 0b10001, 0b10000, 0b10000, 0b10000, 0b10001, 0b01110],
  I: [0b01110, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110],
  R: [0b11110, 0b10001, 0b10001, 0b11110, 0b10100, 0b10010, 0b10001],
  S: [0b01111, 0b10000, 0b10000, 0b01110, 0b00001, 0b00001, 0b11110],
  U: [0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110],
};

export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;

/** Width in pixels of `text` at `scale` (one blank column between glyphs). */
export function textWidth(text: string, scale: number): number {
  return text.length === 0 ? 0 : ([...text].length * (GLYPH_WIDTH + 1) - 1) * scale;
}

/**
 * Draws `text` with its top-left corner at (x, y), each font pixel a `scale`×`scale` square,
 * over a dark shadow (offset half a font pixel) so it reads on bright and dark images alike.
 * Characters without a glyph are drawn as blanks.
 * @example drawText(raster, 4, 4, '50 µm', 2, [255])
 */
export function drawText(
  r: Raster,
  x: number,
  y: number,
  text: string,
  scale: number,
  color: readonly number[],
  shadow: readonly number[] = [0, 0, 0],
): void {
  // The shadow is offset by half a font pixel (at least one pixel): a full one fills the gaps of
  // diagonal glyphs (x, y, v) at large scales.
  const offset = Math.max(1, Math.floor(scale / 2));
  for (const [pass, c, d] of [
    [0, shadow, offset],
    [1, color, 0],
  ] as const) {
    if (pass === 0 && shadow.length === 0) continue;
    let cx = x;
    for (const ch of text) {
      const rows = GLYPHS[ch] ?? GLYPHS[' '];
      for (let j = 0; j < GLYPH_HEIGHT; j++) {
        for (let i = 0; i < GLYPH_WIDTH; i++) {
          if ((rows[j] >> (GLYPH_WIDTH - 1 - i)) & 1)
            fillRect(
              r,
              cx + i * scale + d,
              y + j * scale + d,
              cx + (i + 1) * scale + d,
              y + (j + 1) * scale + d,
              c,
            );
        }
      }
      cx += (GLYPH_WIDTH + 1) * scale;
    }
  }
}
