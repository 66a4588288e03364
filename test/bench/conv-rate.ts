/**
 * GFLOP/s of one 3×3 valid conv C → C on any engine: a one-node ONNX graph in an ORT session,
 * or tf.conv2d on the active tfjs backend. Median of repeats after a warm-up.
 */
import { tf, type ActiveBackend, type Tensor4D } from '../../app/compute/index.js';
import { OnnxGraph } from '../../app/compute/onnx/graph.js';
import { OrtSession } from '../../app/compute/onnx/session.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function timeMedian(repeats: number, f: () => Promise<unknown>): Promise<number> {
  await f();
  const ts: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    await f();
    ts.push((performance.now() - t) / 1000);
  }
  return median(ts);
}

/** GFLOP/s of a C→C 3×3 valid conv on a size² input (batch 1). */
export async function convGflops(
  backend: ActiveBackend,
  channels: number,
  size: number,
  repeats = 3,
): Promise<number> {
  const flops = 2 * 9 * channels * channels * (size - 2) ** 2;
  const x = Float32Array.from({ length: channels * size * size }, (_, i) => Math.sin(i));
  const w = Float32Array.from({ length: 9 * channels * channels }, (_, i) => Math.cos(i) * 0.05);
  if (backend.engine === 'ort') {
    const g = new OnnxGraph();
    const y = g.node(
      'Conv',
      [g.input('x', [1, channels, size, size]), g.constant(w, [channels, channels, 3, 3])],
      { kernel_shape: [3, 3] },
    );
    g.output(y, [1, channels, size - 2, size - 2], 'y');
    const s = await OrtSession.create(g.toModel(), {
      provider: backend.provider ?? 'cpu',
      threads: backend.threads,
    });
    try {
      return (
        flops /
        (await timeMedian(repeats, () => s.run({ x: { data: x, dims: [1, channels, size, size] } }))) /
        1e9
      );
    } finally {
      await s.release();
    }
  }
  const xt = tf.tensor4d(x, [1, size, size, channels]) as Tensor4D;
  const wt = tf.tensor4d(w, [3, 3, channels, channels]) as Tensor4D;
  try {
    return (
      flops /
      (await timeMedian(repeats, async () => {
        const y = tf.conv2d(xt, wt, 1, 'valid');
        await y.data();
        y.dispose();
      })) /
      1e9
    );
  } finally {
    tf.dispose([xt, wt]);
  }
}
