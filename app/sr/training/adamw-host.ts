/**
 * AdamW on host arrays, for engines whose graphs return gradients (ORT). The same update as
 * adamw.ts (PyTorch's formulation), element by element, evaluated in double precision and
 * stored as float32: a fixed order of operations, so a run is reproducible bit for bit.
 */
import type { AdamWOptions, AdamWState } from './adamw.js';

export interface HostParameter {
  weight: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

export class HostAdamW {
  private readonly o: Required<AdamWOptions>;
  t: number;

  constructor(options: AdamWOptions = {}, t = 0) {
    this.o = { lr: 1e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 1e-2, ...options };
    this.t = t;
  }

  /** One update of every parameter from its gradient (same order as `params`). */
  apply(params: readonly HostParameter[], grads: readonly Float32Array[]): void {
    const { lr, beta1: b1, beta2: b2, epsilon, weightDecay } = this.o;
    this.t++;
    const stepSize = lr / (1 - b1 ** this.t);
    const bc2 = Math.sqrt(1 - b2 ** this.t);
    const decay = 1 - lr * weightDecay;
    params.forEach(({ weight, m, v }, k) => {
      const g = grads[k];
      for (let i = 0; i < weight.length; i++) {
        const m1 = b1 * m[i] + (1 - b1) * g[i];
        const v1 = b2 * v[i] + (1 - b2) * g[i] * g[i];
        weight[i] = weight[i] * decay - (m1 / (Math.sqrt(v1) / bc2 + epsilon)) * stepSize;
        m[i] = m1;
        v[i] = v1;
      }
    });
  }
}

export type { AdamWState };
