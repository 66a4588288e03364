/** The additive composite: each channel through its contrast, times its colour, summed and clipped. */
import { describe, expect, it } from 'vitest';
import { compositeRgba } from '../../../renderer/src/compare/composite.js';

const unit = { lo: 0, hi: 100, gamma: 1 };

describe('compositeRgba', () => {
  it('blends cyan and magenta additively, saturating at white', () => {
    const cyan = { samples: [100, 0, 50, 100], contrast: unit, rgb: [0, 1, 1] as const };
    const magenta = { samples: [0, 100, 50, 100], contrast: unit, rgb: [1, 0, 1] as const };
    const rgba = [...compositeRgba([cyan, magenta], 4)];
    expect(rgba.slice(0, 4)).toEqual([0, 255, 255, 255]);
    expect(rgba.slice(4, 8)).toEqual([255, 0, 255, 255]);
    // Half of each: 128 red, 128 green and 255 blue (128 + 128, clipped).
    expect(rgba.slice(8, 12)).toEqual([128, 128, 255, 255]);
    expect(rgba.slice(12, 16)).toEqual([255, 255, 255, 255]);
  });

  it('applies each channel its own contrast and gamma', () => {
    const bright = { samples: [500], contrast: { lo: 0, hi: 1000, gamma: 1 }, rgb: [1, 0, 0] as const };
    const dim = { samples: [25], contrast: { lo: 0, hi: 100, gamma: 0.5 }, rgb: [0, 1, 0] as const };
    expect([...compositeRgba([bright, dim], 1)]).toEqual([128, Math.round(255 * 0.25 ** 2), 0, 255]);
  });

  it('is transparent where every channel is NaN, and a NaN channel adds nothing', () => {
    const a = { samples: [NaN, NaN], contrast: unit, rgb: [1, 1, 1] as const };
    const b = { samples: [NaN, 100], contrast: unit, rgb: [0, 0, 1] as const };
    expect([...compositeRgba([a, b], 2)]).toEqual([0, 0, 0, 0, 0, 0, 255, 255]);
  });

  it('one channel in grey is the grey LUT', () => {
    const grey = { samples: [0, 50, 100], contrast: unit, rgb: [1, 1, 1] as const };
    expect([...compositeRgba([grey], 3)]).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
  });
});
