/**
 * AdamW (Loshchilov & Hutter: Adam with decoupled weight decay) on tf variables, with its
 * moment estimates as explicit tensors so a checkpoint can save and restore them exactly
 * (tf.train.adam keeps its state private and has no decoupled decay).
 *
 * For step t with gradient g (PyTorch's formulation, so numbers compare with the paper's code):
 *   θ ← θ·(1 − lr·wd)
 *   m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²
 *   θ ← θ − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)
 */
import { tf, type Tensor } from '../../compute/index.js';
import type { WeightMap } from '../networks/init.js';

export interface AdamWOptions {
  /** Learning rate. Default 1e-4 (the paper); the cpu training preset uses 1e-3 (few steps). */
  lr?: number;
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-8. */
  epsilon?: number;
  /** Decoupled weight decay. Default 1e-2 (PyTorch's AdamW default; the paper gives none). */
  weightDecay?: number;
}

/** What a checkpoint stores: the step count and both moments per variable. */
export interface AdamWState {
  t: number;
  m: WeightMap;
  v: WeightMap;
}

type Variable = ReturnType<typeof tf.variable>;

export class AdamW {
  private readonly o: Required<AdamWOptions>;
  private readonly m = new Map<string, Variable>();
  private readonly v = new Map<string, Variable>();
  private t = 0;

  /** @param vars the trainable weights by name; `state` restores a checkpoint. */
  constructor(
    private readonly vars: ReadonlyMap<string, Variable>,
    options: AdamWOptions = {},
    state?: AdamWState,
  ) {
    this.o = { lr: 1e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 1e-2, ...options };
    for (const [name, w] of vars) {
      const from = (s: WeightMap | undefined) => {
        const h = s?.get(name);
        return h ? tf.tensor(h.data, w.shape) : tf.zerosLike(w);
      };
      for (const [own, saved] of [
        [this.m, state?.m],
        [this.v, state?.v],
      ] as const) {
        const init = from(saved);
        own.set(name, tf.variable(init, false));
        init.dispose();
      }
    }
    this.t = state?.t ?? 0;
  }

  get step(): number {
    return this.t;
  }

  /** One update from gradients by weight name (the caller disposes them). */
  apply(grads: ReadonlyMap<string, Tensor>): void {
    const { lr, beta1: b1, beta2: b2, epsilon, weightDecay } = this.o;
    this.t++;
    const stepSize = lr / (1 - b1 ** this.t);
    const bc2 = Math.sqrt(1 - b2 ** this.t);
    tf.tidy(() => {
      for (const [name, w] of this.vars) {
        const g = grads.get(name);
        if (!g) continue;
        const m = this.m.get(name)!,
          v = this.v.get(name)!;
        const m1 = tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1));
        const v1 = tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2));
        const decayed = tf.mul(w, 1 - lr * weightDecay);
        const denom = tf.add(tf.div(tf.sqrt(v1), bc2), epsilon);
        w.assign(tf.sub(decayed, tf.mul(tf.div(m1, denom), stepSize)));
        m.assign(m1);
        v.assign(v1);
      }
    });
  }

  /** The state for a checkpoint (host copies). */
  async state(): Promise<AdamWState> {
    const read = async (s: Map<string, Variable>): Promise<WeightMap> => {
      const out: WeightMap = new Map();
      for (const [k, t] of s) out.set(k, { shape: [...t.shape], data: (await t.data()) as Float32Array });
      return out;
    };
    return { t: this.t, m: await read(this.m), v: await read(this.v) };
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}
