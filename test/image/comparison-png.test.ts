/**
 * Comparison figures: sizes, shared contrast, the difference colour map (RdBu) and its symmetric
 * range, scale bars of round(L / pixelUm) pixels, and the bitmap font.
 */
import { describe, expect, it } from 'vitest';
import { drawText, textWidth } from '../../app/image/bitmap-font.js';
import { differenceColour } from '../../app/image/colormap.js';
import { compareImages } from '../../app/image/comparison-png.js';
import { createRaster } from '../../app/image/raster.js';
import { drawScaleBar, figureScaleBar } from '../../app/image/scale-bar.js';
import { decodePng, type DecodedPng } from '../helpers/png-decode.js';

const niceBarLength = (widthPx: number, pixelUm: number): number => figureScaleBar(widthPx, pixelUm).um;

const W = 300,
  H = 120;
const at = (img: DecodedPng, x: number, y: number): number[] =>
  Array.from(img.data.subarray((y * img.width + x) * img.channels, (y * img.width + x + 1) * img.channels));

/** A ramp 0..(W-1) along x, the same on every row. */
function ramp(scale = 1, offset = 0): Float32Array {
  const a = new Float32Array(W * H);
  for (let i = 0; i < a.length; i++) a[i] = (i % W) * scale + offset;
  return a;
}

describe('compareImages', () => {
  it('sizes: two panels and a gap side by side, the difference alone; rows stretched by rowScale', () => {
    const r = compareImages(ramp(), ramp(), W, H, { pixelUm: 0.5, rowScale: 2.5, labels: false });
    const side = decodePng(r.sideBySide);
    const diff = decodePng(r.difference);
    expect([side.width, side.height, side.channels]).toEqual([2 * W + r.gap, 300, 1]);
    expect([diff.width, diff.height, diff.channels]).toEqual([W, 300, 3]);
  });

  it('one contrast for both panels, from the union of their values', () => {
    // SR is constant 100; bicubic ramps 0..299. Alone, SR would be stretched to black or white;
    // with the union's percentiles it is a mid gray, and both panels map equal values equally.
    const sr = new Float32Array(W * H).fill(100);
    const r = compareImages(sr, ramp(), W, H, { pixelUm: 1, labels: false, barUm: 1 });
    const side = decodePng(r.sideBySide);
    const { lo: low, hi: high } = r.contrast;
    expect(low).toBeLessThan(100);
    expect(high).toBeGreaterThan(200);
    const expected = Math.round(((100 - low) / (high - low)) * 255);
    expect(at(side, 10, 10)[0]).toBe(expected);
    expect(at(side, W + r.gap + 100, 10)[0]).toBe(expected); // bicubic's column x = 100 holds 100 too
    expect(at(side, W + r.gap, 10)[0]).toBe(0);
    expect(at(side, 2 * W + r.gap - 1, 10)[0]).toBe(255);
  });

  it('difference: white where equal, red-ish above, blue-ish below, symmetric 99.5th-percentile range', () => {
    const sr = ramp();
    const bic = new Float32Array(W * H).fill(150); // SR − bicubic = x − 150, |d| up to 150
    const r = compareImages(sr, bic, W, H, { pixelUm: 1, labels: false, barUm: 1 });
    const img = decodePng(r.difference);
    expect(r.differenceRange).toBeGreaterThan(145);
    expect(r.differenceRange).toBeLessThanOrEqual(150);
    expect(at(img, 150, 20)).toEqual([...differenceColour(0, 1)]);
    expect(Math.min(...at(img, 150, 20))).toBeGreaterThan(240); // RdBu's centre is near white
    const [pr, , pb] = at(img, 250, 20);
    const [nr, , nb] = at(img, 50, 20);
    expect(pr).toBeGreaterThan(pb);
    expect(nb).toBeGreaterThan(nr);
    expect(at(img, 299, 20)).toEqual([...differenceColour(1, 1)]); // saturated at the end of the range
    expect(at(img, 0, 20)).toEqual([...differenceColour(-1, 1)]);
  });

  it('identical images give an all-zero-colour difference and a range of 1', () => {
    const r = compareImages(ramp(), ramp(), W, H, { pixelUm: 1, labels: false, barUm: 1 });
    expect(r.differenceRange).toBe(1);
  });

  it('rejects mismatched sizes', () => {
    expect(() => compareImages(new Float32Array(4), new Float32Array(5), 2, 2, { pixelUm: 1 })).toThrow(
      /2x2/,
    );
  });
});

describe('scale bar', () => {
  it('chooses 1, 2 or 5 × 10^k µm near a fifth of the width', () => {
    expect(niceBarLength(300, 0.411)).toBe(20); // a fifth: 24.7 µm
    expect(niceBarLength(1000, 1)).toBe(200);
    expect(niceBarLength(100, 0.05)).toBe(1);
    expect(niceBarLength(512, 0.003)).toBe(0.2);
  });

  it('is round(L / pixelUm) white pixels long, in the bottom-right corner', () => {
    for (const [pixelUm, um] of [
      [0.411, 20],
      [0.7, 50],
      [0.25, 10],
    ] as const) {
      const r = createRaster(W, H, 3);
      const bar = figureScaleBar(W, pixelUm, um);
      drawScaleBar(r, bar);
      expect(bar.pixels).toBe(Math.round(um / pixelUm));
      expect(bar.label).toBe(`${um} µm`);
      // The bar's rows: count white pixels along the bottom-most white row.
      let row = -1;
      for (let y = H - 1; y >= 0 && row < 0; y--)
        if (r.data.subarray(y * W * 3, (y + 1) * W * 3).includes(255)) row = y;
      let white = 0;
      for (let x = 0; x < W; x++) if (r.data[(row * W + x) * 3] === 255) white++;
      expect(white).toBe(bar.pixels);
      expect(r.data[(row * W + W - 4) * 3]).toBe(0); // a margin on the right
    }
  });

  it('the figures carry a bar of the chosen length in every panel', () => {
    const r = compareImages(new Float32Array(W * H), new Float32Array(W * H), W, H, {
      pixelUm: 0.5,
      barUm: 50,
    });
    expect(r.scaleBar).toEqual({ um: 50, pixels: 100, label: '50 µm' });
    const side = decodePng(r.sideBySide);
    const lastWhiteRow = (img: DecodedPng, x0: number, x1: number): number => {
      for (let y = img.height - 1; y >= 0; y--)
        for (let x = x0; x < x1; x++) if (at(img, x, y)[0] === 255) return y;
      return -1;
    };
    for (const x0 of [0, W + r.gap]) {
      const y = lastWhiteRow(side, x0, x0 + W);
      let n = 0;
      for (let x = x0; x < x0 + W; x++) if (at(side, x, y)[0] === 255) n++;
      expect(n).toBe(100);
    }
  });
});

describe('bitmap font', () => {
  it('draws glyphs at a scale, one blank column apart', () => {
    expect(textWidth('50 µm', 2)).toBe((5 * 6 - 1) * 2);
    const r = createRaster(20, 10, 1);
    drawText(r, 0, 0, '1', 1, [255], []);
    // "1" has 4 + 2·... pixels: rows 00100 01100 00100 00100 00100 00100 01110
    expect(r.data.filter((v) => v === 255).length).toBe(1 + 2 + 1 + 1 + 1 + 1 + 3);
    const big = createRaster(40, 40, 1);
    drawText(big, 0, 0, '1', 3, [255], []);
    expect(big.data.filter((v) => v === 255).length).toBe(10 * 9);
  });
});
