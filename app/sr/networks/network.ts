/**
 * A network as explicit weight tensors plus a forward function of tf ops (NHWC, float32) —
 * not a tf.layers model — so the same weights run on every backend, can be tf.variables for
 * training, and save to one documented file format.
 *
 * Both networks predict a residual that is added to the (centre-cropped) input, so a zero tail
 * makes the network the identity.
 */
import { tf, type Tensor, type Tensor4D } from '../../compute/index.js';
import { SrError } from '../errors.js';
import {
  convLayers,
  margin,
  parameterCount,
  receptiveField,
  KERNEL,
  type NetworkConfig,
} from './architecture.js';
import type { WeightMap } from './init.js';
import type { NetworkRunner } from './runner.js';

export interface SrNetwork extends NetworkRunner {
  readonly receptiveField: number;
  readonly parameterCount: number;
  /** The weight tensors by name (`head.w`, `block0.conv1.b`, …); owned by the network. */
  readonly weights: ReadonlyMap<string, Tensor>;
  /**
   * [n, h, w, 1] → [n, h − 2·margin, w − 2·margin, 1]. Does not dispose `x`; intermediate
   * tensors are freed (tf.tidy), so only the result is left to the caller.
   */
  forward(x: Tensor4D): Tensor4D;
  dispose(): void;
}

/** Centre crop of `c` px per side (NHWC). */
export function cropCentre(x: Tensor4D, c: number): Tensor4D {
  if (c === 0) return x;
  const [n, h, w, ch] = x.shape;
  return tf.slice(x, [0, c, c, 0], [n, h - 2 * c, w - 2 * c, ch]);
}

export interface CreateOptions {
  /**
   * Hold the weights as `tf.variable`s (default false), so training can take their gradients
   * with `tf.variableGrads` and update them in place.
   */
  trainable?: boolean;
}

/** Builds a network of `config` on the current backend from host weights (copied to tensors). */
export function createNetwork(
  config: NetworkConfig,
  host: WeightMap,
  options: CreateOptions = {},
): SrNetwork {
  const layers = convLayers(config);
  const weights = new Map<string, Tensor>();
  for (const l of layers) {
    for (const [suffix, shape] of [
      ['w', [KERNEL, KERNEL, l.cin, l.cout]],
      ['b', [l.cout]],
    ] as const) {
      const key = `${l.name}.${suffix}`;
      const h = host.get(key);
      if (!h || h.shape.join() !== shape.join() || h.data.length !== shape.reduce((a, b) => a * b, 1)) {
        weights.forEach((t) => t.dispose());
        throw new SrError(
          'bad-weights',
          `weight ${key}: expected shape [${shape}], got ${h ? `[${h.shape}]` : 'nothing'}`,
        );
      }
      const t = tf.tensor(h.data, [...shape], 'float32');
      weights.set(key, options.trainable ? tf.variable(t, true) : t);
      if (options.trainable) t.dispose();
    }
  }
  const pad = config.kind === 'valid' ? 'valid' : 'same';
  const conv = (x: Tensor4D, name: string, relu: boolean): Tensor4D =>
    tf.fused.conv2d({
      x,
      filter: weights.get(`${name}.w`) as never,
      bias: weights.get(`${name}.b`),
      strides: 1,
      pad,
      activation: relu ? 'relu' : 'linear',
    });
  // Valid: each block's convs remove 2 px per side, so its skip is cropped by 2.
  const skipCrop = config.kind === 'valid' ? 2 : 0;
  const networkMargin = margin(config);
  const forward = (x: Tensor4D): Tensor4D =>
    tf.tidy(() => {
      const head = conv(x, 'head', false);
      let h = head;
      for (let i = 0; i < config.blocks; i++) {
        const r = conv(conv(h, `block${i}.conv1`, true), `block${i}.conv2`, false);
        h = tf.add(cropCentre(h, skipCrop), r);
      }
      if (config.kind === 'padded') h = tf.add(conv(h, 'body', false), head);
      return tf.add(cropCentre(x, networkMargin), conv(h, 'tail', false));
    });
  const run = async (input: Float32Array, n: number, h: number, w: number): Promise<Float32Array> => {
    const x = tf.tensor4d(input, [n, h, w, 1], 'float32');
    const y = forward(x);
    x.dispose();
    try {
      return (await y.data()) as Float32Array;
    } finally {
      y.dispose();
    }
  };
  return {
    config,
    margin: networkMargin,
    receptiveField: receptiveField(config),
    parameterCount: parameterCount(config),
    weights,
    forward,
    run,
    dispose: () => weights.forEach((t) => t.dispose()),
  };
}

/** Reads a network's weights back to the host (for saving). */
export async function readWeights(net: SrNetwork): Promise<WeightMap> {
  const out: WeightMap = new Map();
  for (const [k, t] of net.weights)
    out.set(k, { shape: [...t.shape], data: (await t.data()) as Float32Array });
  return out;
}
