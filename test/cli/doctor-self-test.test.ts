/** doctor's self-test verdict: finite values within the tolerance of the cpu reference. */
import { describe, expect, it } from 'vitest';
import { compareOutputs, TOLERANCE } from '../../app/cli/doctor-self-test.js';

describe('compareOutputs', () => {
  const reference = Float32Array.from([0.5, -1, 2, 0]);

  it('passes values within the tolerance of the reference range', () => {
    const close = reference.map((value) => value + TOLERANCE * 0.5);
    expect(compareOutputs(close, reference)).toMatchObject({ ok: true });
    expect(compareOutputs(reference, reference)).toMatchObject({ ok: true });
  });

  it('fails a difference beyond it, a non-finite value and a wrong length, saying which', () => {
    const far = reference.map((value, i) => (i === 2 ? value * 1.01 : value));
    expect(compareOutputs(far, reference)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/differs/),
    });
    const broken = Float32Array.from([0.5, Number.NaN, 2, 0]);
    expect(compareOutputs(broken, reference)).toEqual({ ok: false, message: 'value 1 is NaN' });
    expect(compareOutputs(reference.subarray(1), reference)).toMatchObject({
      ok: false,
      message: 'returned 3 values, expected 4',
    });
  });
});
