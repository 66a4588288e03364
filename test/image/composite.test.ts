/** Channel composites: additive blending in the channels' colours, each under its own window. */
import { describe, expect, it } from 'vitest';
import { compositeRaster, compositeRgba } from '../../app/image/composite.js';
import { grayLevel } from '../../app/image/panels.js';

const unit = { lo: 0, hi: 1 };

describe('compositeRgba', () => {
  it('adds cyan and magenta to white where both are at their maximum', () => {
    // Pixels: both bright, vessels only, nuclei only, neither.
    const vessels = Float32Array.of(1, 1, 0, 0);
    const nuclei = Float32Array.of(1, 0, 1, 0);
    const rgba = compositeRgba(
      [
        { data: vessels, color: '00FFFF', range: unit },
        { data: nuclei, color: 'FF00FF', range: unit },
      ],
      2,
      2,
    );
    expect(Array.from(rgba)).toEqual([
      ...[255, 255, 255, 255],
      ...[0, 255, 255, 255],
      ...[255, 0, 255, 255],
      ...[0, 0, 0, 255],
    ]);
  });

  it('stretches each channel by its own window and clamps the sum at 255', () => {
    const dim = Float32Array.of(100, 150, 200);
    const bright = Float32Array.of(2000, 2000, 2000);
    const rgba = compositeRgba(
      [
        { data: dim, color: 'FF0000', range: { lo: 100, hi: 200 } },
        { data: bright, color: '#ff8000', range: { lo: 0, hi: 4000 } },
      ],
      3,
      1,
    );
    const half = grayLevel(2000, { lo: 0, hi: 4000 });
    expect(half).toBe(128);
    // Red: the dim channel's level plus half the bright one's, clamped; green: half of 0x80 of it.
    expect(Array.from(rgba.subarray(0, 4))).toEqual([half, Math.round((half * 128) / 255), 0, 255]);
    expect(rgba[4]).toBe(Math.min(255, grayLevel(150, { lo: 100, hi: 200 }) + half));
    expect(rgba[8]).toBe(255);
  });

  it('gives a lone white channel exactly the gray view, and NaN adds nothing', () => {
    const values = Float32Array.from({ length: 64 }, (_, i) => i * 3.7 - 20);
    values[5] = Number.NaN;
    const range = { lo: 0, hi: 200 };
    const raster = compositeRaster([{ data: values, color: 'FFFFFF', range }], 8, 8);
    expect(raster.channels).toBe(3);
    for (let i = 0; i < 64; i++)
      expect(raster.data.subarray(3 * i, 3 * i + 3)).toEqual(
        Uint8Array.of(...Array(3).fill(grayLevel(values[i], range))),
      );
    expect(Array.from(raster.data.subarray(15, 18))).toEqual([0, 0, 0]);
  });

  it('is black with no layers, and refuses a layer of the wrong size or colour', () => {
    expect(Array.from(compositeRgba([], 1, 1))).toEqual([0, 0, 0, 255]);
    expect(() => compositeRgba([{ data: new Float32Array(3), color: 'FFFFFF', range: unit }], 2, 2)).toThrow(
      /layer 0 has 3 values/,
    );
    expect(() => compositeRgba([{ data: new Float32Array(4), color: 'cyan', range: unit }], 2, 2)).toThrow(
      /not RRGGBB/,
    );
  });
});
