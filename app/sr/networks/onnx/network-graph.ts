/**
 * The valid and zero-padded networks as ONNX graphs (NCHW), for onnxruntime: the same layers,
 * skips and residual as network.ts's tf version, so results agree to float tolerance.
 *
 * - `inferenceModel`: weights baked in as initializers; input `x` [n, 1, h, w] with every
 *   dimension dynamic (one session serves any tile and batch), output `y` [n, 1, h − 2m, w − 2m].
 * - `trainingModel`: weights are inputs (the host holds them and AdamW updates them), inputs
 *   `x` and `target`, outputs `loss` (L1 + λ·Sobel L1, as loss.ts) and `grad:<weight>` for
 *   every weight, in network order.
 * - `lossModel`: the same loss without the backward pass, for validation.
 *
 * Host weights are HWIO [3, 3, cin, cout] (the file format and tf); ONNX convs take OIHW.
 */
import { OnnxGraph } from '../../../compute/index.js';
import { convLayers, margin, KERNEL, type NetworkConfig } from '../architecture.js';
import type { WeightMap } from '../init.js';
import { Tape } from './tape.js';
import { SrError } from '../../errors.js';

/** HWIO [3,3,ci,co] → OIHW [co,ci,3,3]. */
export function hwioToOihw(data: Float32Array, cin: number, cout: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let k = 0; k < KERNEL * KERNEL; k++)
    for (let i = 0; i < cin; i++)
      for (let o = 0; o < cout; o++) {
        out[(o * cin + i) * 9 + k] = data[(k * cin + i) * cout + o];
      }
  return out;
}

/** OIHW [co,ci,3,3] → HWIO [3,3,ci,co]. */
export function oihwToHwio(data: Float32Array, cin: number, cout: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let k = 0; k < KERNEL * KERNEL; k++)
    for (let i = 0; i < cin; i++)
      for (let o = 0; o < cout; o++) {
        out[(k * cin + i) * cout + o] = data[(o * cin + i) * 9 + k];
      }
  return out;
}

/** Weight names in network order with their ONNX shapes. */
export function onnxWeightShapes(
  config: NetworkConfig,
): Array<{ name: string; dims: number[]; cin: number; cout: number }> {
  return convLayers(config).flatMap((l) => [
    { name: `${l.name}.w`, dims: [l.cout, l.cin, KERNEL, KERNEL], cin: l.cin, cout: l.cout },
    { name: `${l.name}.b`, dims: [l.cout], cin: l.cin, cout: l.cout },
  ]);
}

export type OnnxWeightShape = ReturnType<typeof onnxWeightShapes>[number];

/**
 * A host weight (HWIO conv kernel or bias) in ONNX layout, checked against its shape; a copy.
 * @throws SrError 'bad-weights' when it is missing or of another size
 */
export function onnxWeight(map: WeightMap, s: OnnxWeightShape): Float32Array {
  const h = map.get(s.name);
  const count = s.dims.reduce((a, b) => a * b, 1);
  if (!h || h.data.length !== count)
    throw new SrError(
      'bad-weights',
      `weight ${s.name}: expected ${count} values for [${s.dims}], got ${h ? h.data.length : 'nothing'}`,
    );
  return s.dims.length === 4 ? hwioToOihw(h.data, s.cin, s.cout) : h.data.slice();
}

/** The forward pass on the tape; `weight(name)` gives each weight's value name. */
function forward(t: Tape, config: NetworkConfig, x: string, weight: (name: string) => string): string {
  const pad = config.kind === 'valid' ? 0 : 1;
  const conv = (h: string, name: string): string => t.conv(h, weight(`${name}.w`), weight(`${name}.b`), pad);
  const skipCrop = config.kind === 'valid' ? 2 : 0;
  const head = conv(x, 'head');
  let h = head;
  for (let i = 0; i < config.blocks; i++) {
    const r = conv(t.relu(conv(h, `block${i}.conv1`)), `block${i}.conv2`);
    h = t.add(t.crop(h, skipCrop), r);
  }
  if (config.kind === 'padded') h = t.add(conv(h, 'body'), head);
  return t.add(t.crop(x, margin(config)), conv(h, 'tail'));
}

/** Inference graph with the weights as initializers. */
export function inferenceModel(config: NetworkConfig, weights: WeightMap): Uint8Array {
  const g = new OnnxGraph();
  const t = new Tape(g);
  const x = g.input('x', [null, 1, null, null]);
  const names = new Map<string, string>();
  for (const s of onnxWeightShapes(config))
    names.set(s.name, g.constant(onnxWeight(weights, s), s.dims, s.name.replace(/\W/g, '_')));
  g.output(
    forward(t, config, x, (n) => names.get(n)!),
    [null, 1, null, null],
    'y',
  );
  return g.toModel();
}

const SOBEL = [-1, 0, 1, -2, 0, 2, -1, 0, 1, -1, -2, -1, 0, 0, 0, 1, 2, 1];

function loss(t: Tape, prediction: string, target: string, edgeWeight: number): string {
  const d = t.sub(prediction, target);
  const l1 = t.meanAbs(d);
  if (edgeWeight === 0) return l1;
  const edges = t.convFixed(d, t.g.constant(SOBEL, [2, 1, 3, 3], 'sobel'));
  return t.add(l1, t.scale(t.meanAbs(edges), edgeWeight));
}

function lossGraph(config: NetworkConfig, edgeWeight: number, withGrads: boolean): Uint8Array {
  const g = new OnnxGraph();
  const t = new Tape(g);
  const x = g.input('x', [null, 1, null, null]);
  const target = g.input('target', [null, 1, null, null]);
  const shapes = onnxWeightShapes(config);
  for (const s of shapes) t.param(g.input(s.name, s.dims));
  const l = loss(
    t,
    forward(t, config, x, (n) => n),
    target,
    edgeWeight,
  );
  g.output(l, [], 'loss');
  if (withGrads) {
    const grads = t.backward(
      l,
      shapes.map((s) => s.name),
    );
    for (const s of shapes) g.output(grads.get(s.name)!, s.dims, `grad:${s.name}`);
  }
  return g.toModel();
}

/** Loss and every weight's gradient, weights as inputs. */
export function trainingModel(config: NetworkConfig, edgeWeight: number): Uint8Array {
  return lossGraph(config, edgeWeight, true);
}

/** The loss alone, weights as inputs. */
export function lossModel(config: NetworkConfig, edgeWeight: number): Uint8Array {
  return lossGraph(config, edgeWeight, false);
}
