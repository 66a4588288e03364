/**
 * One optimisation step and the validation loss, on host batches from the sampler. Tensors
 * live only inside these calls (tidy / explicit dispose), so a long run does not leak memory.
 */
import { tf, type Tensor, type Tensor4D } from '../../compute/index.js';
import type { SrNetwork } from '../networks/network.js';
import type { AdamW } from './adamw.js';
import { srLoss } from './loss.js';
import type { Batch } from './patch-sampler.js';

type Variable = ReturnType<typeof tf.variable>;

function tensors(b: Batch, from = 0, count = b.count): { x: Tensor4D; y: Tensor4D } {
  const p = b.patch,
    t = b.targetSize;
  return {
    x: tf.tensor4d(b.input.subarray(from * p * p, (from + count) * p * p), [count, p, p, 1]),
    y: tf.tensor4d(b.target.subarray(from * t * t, (from + count) * t * t), [count, t, t, 1]),
  };
}

/** Forward, backward and one AdamW update; returns the batch's loss. */
export async function trainStep(
  net: SrNetwork,
  optimiser: AdamW,
  batch: Batch,
  edgeWeight: number,
): Promise<number> {
  const { x, y } = tensors(batch);
  const vars = [...net.weights.values()] as Variable[];
  const { value, grads } = tf.variableGrads(() => srLoss(net.forward(x), y, edgeWeight) as never, vars);
  const byWeight = new Map<string, Tensor>();
  for (const [name, w] of net.weights) byWeight.set(name, grads[(w as Variable).name]);
  optimiser.apply(byWeight);
  const loss = (await value.data())[0];
  tf.dispose([x, y, value, ...Object.values(grads)]);
  return loss;
}

/** Mean loss over the validation batch, evaluated `chunk` patches at a time. */
export async function validationLoss(
  net: SrNetwork,
  val: Batch,
  edgeWeight: number,
  chunk: number,
): Promise<number> {
  let sum = 0;
  for (let from = 0; from < val.count; from += chunk) {
    const count = Math.min(chunk, val.count - from);
    const { x, y } = tensors(val, from, count);
    const l = tf.tidy(() => srLoss(net.forward(x), y, edgeWeight));
    sum += (await l.data())[0] * count;
    tf.dispose([x, y, l]);
  }
  return sum / val.count;
}
