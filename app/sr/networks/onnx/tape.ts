/**
 * Reverse-mode differentiation over an ONNX graph being built: each differentiable op adds its
 * forward node and records how to push a gradient back through it. `backward(loss)` then emits
 * the backward nodes into the same graph. ORT has no training API in JavaScript, so the
 * backward pass is ordinary ONNX ops: dX of a conv is a ConvTranspose, dW nine GEMMs over
 * shifted views, db a ReduceSum. Only values that depend on a `param` get gradients, so the
 * input image costs no backward conv.
 *
 * Only the ops our networks and loss use are covered, NCHW, 3×3 kernels, stride 1.
 */
import { OnnxGraph } from '../../../compute/index.js';

/** Largest int64, as ONNX Slice reads "to the end". */
const END = Number.MAX_SAFE_INTEGER;

type Pullback = (dy: string) => void;

export class Tape {
  private readonly pullbacks: Array<{ output: string; pull: Pullback }> = [];
  private readonly grads = new Map<string, string[]>();
  /** Values that depend on a parameter: only these get gradients (no dX for the input image). */
  private readonly live = new Set<string>();

  constructor(readonly g: OnnxGraph) {}

  /** Marks a value as a parameter to differentiate with respect to. */
  param(value: string): string {
    this.live.add(value);
    return value;
  }

  /** Records a pullback for `output` when any of `inputs` depends on a parameter. */
  private record(output: string, inputs: readonly string[], pull: Pullback): string {
    if (inputs.some((i) => this.live.has(i))) {
      this.live.add(output);
      this.pullbacks.push({ output, pull });
    }
    return output;
  }

  /** Adds a gradient contribution to `value`, built only if `value` depends on a parameter. */
  private accumulate(value: string, grad: () => string): void {
    if (!this.live.has(value)) return;
    const g = grad();
    const list = this.grads.get(value);
    if (list) list.push(g);
    else this.grads.set(value, [g]);
  }

  /** 3×3 conv, stride 1, `pad` zero pixels per side (0: valid, 1: same). */
  conv(x: string, w: string, b: string, pad: 0 | 1): string {
    const pads = [pad, pad, pad, pad];
    const y = this.g.node('Conv', [x, w, b], { kernel_shape: [3, 3], pads });
    return this.record(y, [x, w, b], (dy) => {
      this.accumulate(x, () => this.g.node('ConvTranspose', [dy, w], { kernel_shape: [3, 3], pads }));
      this.accumulate(w, () =>
        this.weightGrad(pad === 0 ? x : this.g.node('Pad', [x, this.g.ints([0, 0, 1, 1, 0, 0, 1, 1])]), dy),
      );
      this.accumulate(b, () => this.g.node('ReduceSum', [dy, this.g.ints([0, 2, 3])], { keepdims: 0 }));
    });
  }

  /**
   * dW[o,i,kh,kw] = Σ_{n,y,x} dy[n,o,y,x] · x[n,i,y+kh,x+kw] for x already zero-padded: for
   * each of the nine taps, the shifted view of xᵀ [Ci, N, OH, OW] against dyᵀ [Co, N·OH·OW]
   * in one Gemm (transB) → [Co, Ci]; the nine stacked → [Co, Ci, 3, 3]. Measured on ORT's CPU
   * provider (batch 16 of 64², W32 B3): 207 ms a step, against 237 ms for one im2col Gemm (its
   * Concat copies 9× the input), 266 ms for im2col by a one-hot conv, 223 ms for 1-D shifts of
   * the flattened tensors; a conv with dy as the filter is slower still (FACTS.md).
   */
  private weightGrad(x: string, dy: string): string {
    const g = this.g;
    const xt = g.node('Transpose', [x], { perm: [1, 0, 2, 3] });
    const dyt = g.node('Reshape', [g.node('Transpose', [dy], { perm: [1, 0, 2, 3] }), g.ints([0, -1])]);
    const taps: string[] = [];
    for (let kh = 0; kh < 3; kh++)
      for (let kw = 0; kw < 3; kw++) {
        const ends = [kh === 2 ? END : kh - 2, kw === 2 ? END : kw - 2];
        const view = g.node('Reshape', [
          g.node('Slice', [xt, g.ints([kh, kw]), g.ints(ends), g.ints([2, 3])]),
          g.ints([0, -1]),
        ]);
        taps.push(g.node('Unsqueeze', [g.node('Gemm', [dyt, view], { transB: 1 }), g.ints([2])]));
      }
    const stacked = g.node('Concat', taps, { axis: 2 });
    const shape = g.node('Concat', [g.node('Shape', [stacked], { start: 0, end: 2 }), g.ints([3, 3])], {
      axis: 0,
    });
    return g.node('Reshape', [stacked, shape]);
  }

  relu(x: string): string {
    const y = this.g.node('Relu', [x]);
    return this.record(y, [x], (dy) =>
      this.accumulate(x, () => {
        const mask = this.g.node('Cast', [this.g.node('Greater', [y, this.g.constant([0], [])])], { to: 1 });
        return this.g.node('Mul', [dy, mask]);
      }),
    );
  }

  add(a: string, b: string): string {
    const y = this.g.node('Add', [a, b]);
    return this.record(y, [a, b], (dy) => {
      this.accumulate(a, () => dy);
      this.accumulate(b, () => dy);
    });
  }

  sub(a: string, b: string): string {
    const y = this.g.node('Sub', [a, b]);
    return this.record(y, [a, b], (dy) => {
      this.accumulate(a, () => dy);
      this.accumulate(b, () => this.g.node('Neg', [dy]));
    });
  }

  /** Centre crop of `c` px per side of the two spatial axes. */
  crop(x: string, c: number): string {
    if (c === 0) return x;
    const y = this.g.node('Slice', [x, this.g.ints([c, c]), this.g.ints([-c, -c]), this.g.ints([2, 3])]);
    return this.record(y, [x], (dy) =>
      this.accumulate(x, () => this.g.node('Pad', [dy, this.g.ints([0, 0, c, c, 0, 0, c, c])])),
    );
  }

  /** mean |x| over every element, a scalar. Gradient sign(x) / count (sign 0 at 0). */
  meanAbs(x: string): string {
    const y = this.g.node('ReduceMean', [this.g.node('Abs', [x])], { keepdims: 0 });
    return this.record(y, [x], (dy) =>
      this.accumulate(x, () => {
        const count = this.g.node('Cast', [this.g.node('Size', [x])], { to: 1 });
        return this.g.node('Mul', [this.g.node('Sign', [x]), this.g.node('Div', [dy, count])]);
      }),
    );
  }

  /** Scalar times a value. */
  scale(x: string, k: number): string {
    const c = this.g.constant([k], []);
    const y = this.g.node('Mul', [x, c]);
    return this.record(y, [x], (dy) => this.accumulate(x, () => this.g.node('Mul', [dy, c])));
  }

  /** A fixed-filter 3×3 valid conv without bias (the Sobel edges of the loss). */
  convFixed(x: string, w: string): string {
    const y = this.g.node('Conv', [x, w], { kernel_shape: [3, 3] });
    return this.record(y, [x], (dy) =>
      this.accumulate(x, () => this.g.node('ConvTranspose', [dy, w], { kernel_shape: [3, 3] })),
    );
  }

  /**
   * Emits the backward pass from scalar `loss` and returns the gradient of each of `wrt`.
   * Gradients reaching a value from several uses are summed in the order they were recorded.
   */
  backward(loss: string, wrt: readonly string[]): Map<string, string> {
    this.grads.set(loss, [this.g.constant([1], [])]);
    for (let i = this.pullbacks.length - 1; i >= 0; i--) {
      const { output, pull } = this.pullbacks[i];
      const dy = this.total(output);
      if (dy) pull(dy);
    }
    const out = new Map<string, string>();
    for (const v of wrt) {
      const d = this.total(v);
      if (!d) throw new Error(`no gradient reaches ${v}`);
      out.set(v, d);
    }
    return out;
  }

  private total(value: string): string | undefined {
    const list = this.grads.get(value);
    if (!list || list.length === 0) return undefined;
    const sum = list.length === 1 ? list[0] : this.g.node('Sum', list);
    this.grads.set(value, [sum]);
    return sum;
  }
}
