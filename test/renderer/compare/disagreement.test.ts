/** The disagreement overlay's pixels: magma colours, transparent at zero and NaN, opaque at the top. */
import { describe, expect, it } from 'vitest';
import { disagreementRgba } from '../../../renderer/src/compare/disagreement.js';
import { magnitudeColour } from '../../../app/image/index.js';

describe('disagreementRgba', () => {
  it('colours by magma over 0…max, alpha rising from 0 to 255, NaN transparent', () => {
    const rgba = disagreementRgba([0, 5, 10, 20, NaN], 10);
    const pixel = (i: number) => [...rgba.subarray(4 * i, 4 * i + 4)];
    expect(pixel(0)).toEqual([...magnitudeColour(0, 10), 0]);
    expect(pixel(1).slice(0, 3)).toEqual([...magnitudeColour(5, 10)]);
    expect(pixel(1)[3]).toBeGreaterThan(0);
    expect(pixel(1)[3]).toBeLessThan(255);
    expect(pixel(2)).toEqual([...magnitudeColour(10, 10), 255]);
    expect(pixel(3)).toEqual(pixel(2));
    expect(pixel(4)).toEqual([0, 0, 0, 0]);
  });
});
