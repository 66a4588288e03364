/**
 * The parts that make a comparison figure readable on its own: the colour bar (its ends are
 * RdBu's ends), the title band (text is drawn in it), the axis arrows, the scale bar's label
 * (clear of the bar), the font's coverage, and the input MIPs' linear z interpolation.
 */
import { describe, expect, it } from 'vitest';
import { drawText, GLYPH_HEIGHT } from '../../app/image/bitmap-font.js';
import { DIFFERENCE_STOPS } from '../../app/image/colormap.js';
import { renderComparison } from '../../app/image/comparison.js';
import { axisArrowsSize, colourBarBand, titleLines, withTitle } from '../../app/image/figure-labels.js';
import { grayPanel, rowBlend } from '../../app/image/panels.js';
import { projectionPng } from '../../app/image/projection-png.js';
import { createRaster, fillRect, type Raster } from '../../app/image/raster.js';
import { drawScaleBar, figureScaleBar, labelGap, textScale } from '../../app/image/scale-bar.js';
import { decodePng } from '../helpers/png-decode.js';

const pixel = (raster: Raster, x: number, y: number): number[] =>
  Array.from(
    raster.data.subarray(
      (y * raster.width + x) * raster.channels,
      (y * raster.width + x + 1) * raster.channels,
    ),
  );

/** Rows of `raster` (within columns [x0, x1)) holding any value other than `background`. */
function markedRows(raster: Raster, background: number, x0 = 0, x1 = raster.width): number[] {
  const rows: number[] = [];
  for (let y = 0; y < raster.height; y++) {
    for (let x = x0; x < x1; x++) {
      if (pixel(raster, x, y).some((value) => value !== background)) {
        rows.push(y);
        break;
      }
    }
  }
  return rows;
}

const W = 300;
const H = 200;
function ramp(): Float32Array {
  const values = new Float32Array(W * H);
  for (let i = 0; i < values.length; i++) values[i] = i % W;
  return values;
}

describe('the colour bar of the difference map', () => {
  it('runs from RdBu blue (−range) through white to RdBu red (+range)', () => {
    const band = colourBarBand(W, 2.5, 2);
    // The strip spans the middle 60 %: find its first and last coloured columns on its middle row.
    const length = Math.round(W * 0.6);
    const left = Math.round((W - length) / 2);
    const row = 4 + 3; // pad 2·scale, then the strip 6 rows thick
    const [, r0, g0, b0] = DIFFERENCE_STOPS[0];
    const [, r1, g1, b1] = DIFFERENCE_STOPS[DIFFERENCE_STOPS.length - 1];
    expect(pixel(band, left, row)).toEqual([r0, g0, b0]);
    expect(pixel(band, left + length - 1, row)).toEqual([r1, g1, b1]);
    expect(Math.min(...pixel(band, left + length / 2, row))).toBeGreaterThan(240);
  });

  it('writes its ± range under the strip, and the labelled difference figure carries it below the panel', () => {
    const band = colourBarBand(W, 2.5, 2);
    const stripBottom = 4 + 6 + 1;
    const textRows = markedRows(band, 0).filter((y) => y > stripBottom);
    expect(textRows.length).toBeGreaterThanOrEqual(GLYPH_HEIGHT * 2);
    const sr = ramp();
    const bicubic = new Float32Array(W * H).fill(150);
    const labelled = renderComparison(sr, bicubic, W, H, { pixelUm: 1 });
    const bare = renderComparison(sr, bicubic, W, H, { pixelUm: 1, labels: false });
    expect(bare.difference.height).toBe(H);
    expect(labelled.difference.height).toBe(H + band.height);
  });
});

describe('the title band', () => {
  it('sits above both figures with its text drawn, and only when a title is given', () => {
    const options = {
      pixelUm: 0.5,
      title: ['brain.ome.tif', 'model brain-model', 'channel GFP', 'y MIP (xz)'],
    };
    const titled = renderComparison(ramp(), ramp(), W, H, options);
    const plain = renderComparison(ramp(), ramp(), W, H, { pixelUm: 0.5 });
    const band = titled.sideBySide.height - plain.sideBySide.height;
    expect(band).toBeGreaterThan(GLYPH_HEIGHT * 2);
    expect(titled.difference.height - plain.difference.height).toBeGreaterThan(0);
    const bandRaster = { ...titled.sideBySide, height: band };
    const lit = bandRaster.data.subarray(0, band * bandRaster.width).filter((value) => value === 255).length;
    expect(lit).toBeGreaterThan(100);
    // Below the band, the figure is the untitled one.
    const below = titled.sideBySide.data.subarray(band * titled.sideBySide.width);
    expect(Buffer.from(below).equals(Buffer.from(plain.sideBySide.data))).toBe(true);
  });

  it('wraps its parts to the width and cuts a part too long for a line', () => {
    expect(titleLines(['a.tif', 'model m', 'y MIP (xz)'], 1000, 2)).toEqual(['a.tif · model m · y MIP (xz)']);
    const lines = titleLines(['a-very-long-stack-name.ome.tif', 'model m'], 120, 2);
    expect(lines[0].endsWith('...')).toBe(true);
    expect(lines[1]).toBe('model m');
    const narrow = withTitle(createRaster(60, 10, 1), ['a-long-name.tif'], 2);
    expect(narrow.height).toBeGreaterThan(10);
  });
});

describe('the axis arrows', () => {
  it('name the columns and rows axes in each panel, bottom-left, above the scale bar row', () => {
    const flat = new Float32Array(W * H).fill(7);
    const axes = { columns: 'x', rows: 'z' } as const;
    const withAxes = renderComparison(flat, flat, W, H, { pixelUm: 0.5, axes }).sideBySide;
    const without = renderComparison(flat, flat, W, H, { pixelUm: 0.5 }).sideBySide;
    const size = axisArrowsSize(textScale(createRaster(W, H, 1)));
    for (const x0 of [0, W + withAxes.width - 2 * W]) {
      let changed = 0;
      for (let y = H - size.height - 20; y < H; y++)
        for (let x = x0; x < x0 + size.width + 20; x++)
          if (pixel(withAxes, x, y)[0] !== pixel(without, x, y)[0]) changed++;
      expect(changed, `panel at ${x0}`).toBeGreaterThan(50);
    }
    // Everything else is the same figure.
    let elsewhere = 0;
    for (let y = 0; y < H - size.height - 20; y++)
      for (let x = 0; x < withAxes.width; x++)
        if (pixel(withAxes, x, y)[0] !== pixel(without, x, y)[0]) elsewhere++;
    expect(elsewhere).toBe(0);
  });
});

describe('the scale bar', () => {
  it('writes its label at twice the old size, clear of the bar by a gap of background', () => {
    const raster = createRaster(W, H, 1);
    fillRect(raster, 0, 0, W, H, [128]);
    const scale = textScale(raster);
    expect(scale).toBe(2);
    drawScaleBar(raster, figureScaleBar(W, 0.5, 20));
    const rows = markedRows(raster, 128);
    // Two groups of rows: the label (with its shadow) and the bar (with its outline), apart.
    const breaks = rows.filter((y, k) => k > 0 && y - rows[k - 1] > 1);
    expect(breaks).toHaveLength(1);
    const barTop = breaks[0];
    const labelBottom = rows[rows.indexOf(barTop) - 1];
    expect(barTop - labelBottom - 1).toBeGreaterThanOrEqual(labelGap(scale));
    expect(labelBottom - rows[0] + 1).toBeGreaterThanOrEqual(GLYPH_HEIGHT * scale);
  });

  it('keeps the label inside the panel when the bar is short', () => {
    const raster = createRaster(128, 128, 1);
    drawScaleBar(raster, figureScaleBar(128, 0.4), { x0: 0, width: 128 });
    const right = createRaster(256, 128, 1);
    drawScaleBar(right, figureScaleBar(128, 0.4), { x0: 0, width: 128 });
    for (let y = 0; y < 128; y++) for (let x = 128; x < 256; x++) expect(pixel(right, x, y)[0]).toBe(0);
  });
});

describe('the font', () => {
  it('has a glyph for every printable ASCII character and the figure symbols', () => {
    const characters = [
      ...Array.from({ length: 94 }, (_, k) => String.fromCharCode(33 + k)),
      'µ',
      '±',
      '×',
      '−',
      '→',
      '↓',
      '·',
    ];
    for (const character of characters) {
      const raster = createRaster(6, 7, 1);
      drawText(raster, 0, 0, character, 1, [255], []);
      expect(
        raster.data.some((value) => value === 255),
        character,
      ).toBe(true);
    }
  });
});

describe('input MIPs for display', () => {
  it('interpolate z linearly between rows instead of repeating them', () => {
    expect(rowBlend(2, 2, 4)).toEqual({ above: 0, below: 1, weight: 0.125 });
    expect(rowBlend(0, 2, 4)).toEqual({ above: 0, below: 1, weight: 0 });
    // Two rows, 0 and 255 under the range [0, 255], stretched to 8: a ramp, not two steps.
    const panel = grayPanel(new Float32Array([0, 255]), 1, 2, 8, { lo: 0, hi: 255 }, 'linear');
    expect(Array.from(panel.data)).toEqual([0, 0, 32, 96, 159, 223, 255, 255]);
  });

  it('carry a scale bar when the pixel size is given, and are otherwise as before', () => {
    const values = new Float32Array(W * H).fill(0);
    values[0] = 1;
    const plain = decodePng(projectionPng(values, W, H));
    const barred = decodePng(projectionPng(values, W, H, { pixelUm: 0.5 }));
    const white = (image: { data: Uint8Array }) => image.data.filter((value) => value === 255).length;
    expect(white(barred) - white(plain)).toBeGreaterThanOrEqual(figureScaleBar(W, 0.5).pixels);
    expect([barred.width, barred.height]).toEqual([W, H]);
  });
});
