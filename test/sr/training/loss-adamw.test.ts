// L1 + Sobel loss and AdamW against hand-computed values.
import { describe, expect, test } from 'vitest';
import { tf, type Tensor, type Tensor4D } from '../../../app/compute/index.js';
import { srLoss } from '../../../app/sr/training/loss.js';
import { AdamW } from '../../../app/sr/training/adamw.js';

const value = async (t: Tensor): Promise<number> => {
  const v = (await t.data())[0];
  t.dispose();
  return v;
};

describe('srLoss', () => {
  test('0 for identical tensors; a constant offset costs exactly L1 (no edge term)', async () => {
    await tf.setBackend('cpu');
    const a = tf.randomUniform([2, 10, 12, 1], 0, 1, 'float32', 1) as Tensor4D;
    expect(await value(srLoss(a, a))).toBe(0);
    const b = tf.add(a, 0.25) as Tensor4D;
    expect(await value(srLoss(b, a))).toBeCloseTo(0.25, 6);
    tf.dispose([a, b]);
  });
  test('the Sobel part responds to an edge that L1 alone weighs the same as a flat offset', async () => {
    const zero = tf.zeros([1, 8, 8, 1]) as Tensor4D;
    const step = tf.tensor4d(
      Float32Array.from({ length: 64 }, (_, i) => (i % 8 >= 4 ? 0.5 : 0)),
      [1, 8, 8, 1],
    );
    const l1 = await value(srLoss(step, zero, 0));
    expect(l1).toBeCloseTo(0.25, 6);
    // Sobel x of the step: 4·0.5 = 2 at the two columns beside it, in 2 of 6 valid columns; Sobel y: 0.
    expect(await value(srLoss(step, zero, 1))).toBeCloseTo(0.25 + (2 * 2) / 6 / 2, 5);
    tf.dispose([zero, step]);
  });
});

describe('AdamW', () => {
  test('two steps match the hand-computed decoupled update; state restores exactly', async () => {
    await tf.setBackend('cpu');
    const o = { lr: 0.01, weightDecay: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
    const w = tf.variable(tf.tensor1d([1, -2]));
    const opt = new AdamW(new Map([['w', w]]), o);
    const gs = [
      [0.5, 0.1],
      [-0.2, 0.3],
    ];
    // Hand computation in float64.
    let th = [1, -2],
      m = [0, 0],
      v = [0, 0];
    for (let t = 1; t <= 2; t++) {
      const g = gs[t - 1];
      m = m.map((mi, i) => 0.9 * mi + 0.1 * g[i]);
      v = v.map((vi, i) => 0.999 * vi + 0.001 * g[i] ** 2);
      th = th.map(
        (x, i) =>
          x * (1 - o.lr * o.weightDecay) -
          ((o.lr / (1 - 0.9 ** t)) * m[i]) / (Math.sqrt(v[i]) / Math.sqrt(1 - 0.999 ** t) + o.epsilon),
      );
      if (t === 1) expect(th[0]).toBeCloseTo(0.989, 9); // θ(1 − lr·wd) − lr·sign(g) at t = 1
      const g1 = tf.tensor1d(g);
      opt.apply(new Map([['w', g1]]));
      g1.dispose();
      const got = await w.data();
      expect(got[0]).toBeCloseTo(th[0], 6);
      expect(got[1]).toBeCloseTo(th[1], 6);
    }
    const state = await opt.state();
    expect(state.t).toBe(2);
    const w2 = tf.variable(tf.tensor1d(await w.data()));
    const opt2 = new AdamW(new Map([['w', w2]]), o, state);
    const g = tf.tensor1d([0.05, -0.4]);
    opt.apply(new Map([['w', g]]));
    opt2.apply(new Map([['w', g]]));
    expect(await w2.data()).toEqual(await w.data());
    tf.dispose([g, w, w2]);
    opt.dispose();
    opt2.dispose();
  });
});
