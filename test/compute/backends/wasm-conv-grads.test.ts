// The wasm backend's conv gradients (our forward-conv kernels) against the cpu backend's.
import { describe, expect, test } from 'vitest';
import { tf, type Tensor4D } from '../../../app/compute/index.js';
import { backendFixture } from '../backend-fixture.js';

type Pad = 'valid' | 'same';
const CASES: Array<{ x: [number, number, number, number]; k: number; cout: number; pad: Pad }> = [
  { x: [2, 9, 11, 3], k: 3, cout: 4, pad: 'valid' },
  { x: [1, 12, 7, 5], k: 3, cout: 2, pad: 'same' },
  { x: [3, 16, 16, 8], k: 3, cout: 8, pad: 'valid' },
  { x: [1, 10, 13, 1], k: 5, cout: 6, pad: 'same' },
  { x: [2, 8, 8, 4], k: 1, cout: 3, pad: 'valid' },
];

/** dL/dx and dL/dW of L = Σ conv(x, w) · r on the active backend, as host arrays. */
async function grads(xs: Float32Array, ws: Float32Array, rs: Float32Array, c: (typeof CASES)[number]) {
  const x = tf.tensor4d(xs, c.x);
  const w = tf.tensor4d(ws, [c.k, c.k, c.x[3], c.cout]);
  const y0 = tf.conv2d(x, w, 1, c.pad);
  const r = tf.tensor(rs, y0.shape);
  const g = tf.grads((a, b) => tf.sum(tf.mul(tf.conv2d(a as Tensor4D, b as Tensor4D, 1, c.pad), r)));
  const [dx, dw] = g([x, w]);
  const out = { dx: await dx!.data(), dw: await dw!.data() };
  tf.dispose([x, w, y0, r, dx!, dw!]);
  return out;
}

function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let err = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]!));
    err = Math.max(err, Math.abs(a[i]! - b[i]!));
  }
  return err / scale;
}

const rand = (n: number, seed: number): Float32Array => {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 30 - 1;
  });
};

describe('wasm conv gradients', () => {
  const cpu = backendFixture('cpu');
  const wasm = backendFixture('wasm');
  test.each(CASES)('x $x k $k cout $cout $pad matches cpu', async (c) => {
    const nx = c.x.reduce((a, b) => a * b);
    const xs = rand(nx, 1);
    const ws = rand(c.k * c.k * c.x[3] * c.cout, 2);
    const oh = c.pad === 'same' ? c.x[1] : c.x[1] - c.k + 1;
    const ow = c.pad === 'same' ? c.x[2] : c.x[2] - c.k + 1;
    const rs = rand(c.x[0] * oh * ow * c.cout, 3);
    await cpu.use();
    const ref = await grads(xs, ws, rs, c);
    const w = await wasm.use();
    if (!w) throw new Error(wasm.why);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    const got = await grads(xs, ws, rs, c);
    expect(maxRelErr(got.dw, ref.dw)).toBeLessThan(1e-4);
    expect(maxRelErr(got.dx, ref.dx)).toBeLessThan(1e-4);
  });

  test('strided convs are refused with a tagged error, not a wrong answer', async () => {
    await wasm.use();
    const x = tf.ones([1, 8, 8, 1]) as Tensor4D;
    const w = tf.ones([3, 3, 1, 1]) as Tensor4D;
    const g = tf.grad((b) => tf.sum(tf.conv2d(x, b as Tensor4D, 2, 'valid')));
    expect(() => g(w)).toThrow(/stride 1/);
    tf.dispose([x, w]);
  });
});
