/**
 * Training on onnxruntime: `trainingModel` (forward, L1 + Sobel loss, backward) and `lossModel`
 * (validation) in session workers, weights fed as inputs each step, AdamW on the host. Weights
 * and moments are kept in ONNX's OIHW layout between steps (AdamW is elementwise, so layout
 * does not matter to it) and converted to HWIO only for checkpoints.
 */
import { OrtSession, type HostTensor, type OrtSessionOptions } from '../../compute/onnx/session.js';
import { lossModel, onnxWeightShapes, trainingModel, hwioToOihw, oihwToHwio } from '../networks/onnx/network-graph.js';
import type { WeightMap } from '../networks/init.js';
import { SrError } from '../errors.js';
import { HostAdamW, type HostParameter } from './adamw-host.js';
import type { Batch } from './patch-sampler.js';
import type { Trainer, TrainerSetup } from './trainer.js';

export async function createOrtTrainer(setup: TrainerSetup, options: OrtSessionOptions): Promise<Trainer> {
  const shapes = onnxWeightShapes(setup.config);
  const toOnnx = (map: WeightMap | undefined, name: string, s: (typeof shapes)[number]): Float32Array => {
    const h = map?.get(name);
    const count = s.dims.reduce((a, b) => a * b, 1);
    if (!h) return new Float32Array(count);
    if (h.data.length !== count) throw new SrError('bad-weights', `weight ${name}: ${h.data.length} values, expected [${s.dims}]`);
    return s.dims.length === 4 ? hwioToOihw(h.data, s.cin, s.cout) : h.data.slice();
  };
  const params: HostParameter[] = shapes.map((s) => ({
    weight: toOnnx(setup.weights, s.name, s), m: toOnnx(setup.adamState?.m, s.name, s), v: toOnnx(setup.adamState?.v, s.name, s),
  }));
  const optimiser = new HostAdamW(setup.adam, setup.adamState?.t ?? 0);
  const [train, evaluate] = await Promise.all([
    OrtSession.create(trainingModel(setup.config, setup.edgeWeight), options),
    OrtSession.create(lossModel(setup.config, setup.edgeWeight), options),
  ]);
  const feeds = (b: Batch, from: number, count: number): Record<string, HostTensor> => {
    const p = b.patch; const t = b.targetSize;
    const f: Record<string, HostTensor> = {
      x: { data: b.input.subarray(from * p * p, (from + count) * p * p), dims: [count, 1, p, p] },
      target: { data: b.target.subarray(from * t * t, (from + count) * t * t), dims: [count, 1, t, t] },
    };
    shapes.forEach((s, k) => { f[s.name] = { data: params[k].weight, dims: s.dims }; });
    return f;
  };
  const toHost = (pick: (p: HostParameter) => Float32Array): WeightMap => new Map(shapes.map((s, k) => {
    const data = pick(params[k]);
    return [s.name, { shape: s.dims.length === 4 ? [3, 3, s.cin, s.cout] : [s.cout], data: s.dims.length === 4 ? oihwToHwio(data, s.cin, s.cout) : data.slice() }];
  }));
  return {
    async step(batch) {
      const out = await train.run(feeds(batch, 0, batch.count));
      optimiser.apply(params, shapes.map((s) => out[`grad:${s.name}`].data));
      return out.loss.data[0];
    },
    async loss(val, chunk) {
      let sum = 0;
      for (let from = 0; from < val.count; from += chunk) {
        const count = Math.min(chunk, val.count - from);
        sum += (await evaluate.run(feeds(val, from, count))).loss.data[0] * count;
      }
      return sum / val.count;
    },
    weights: async () => toHost((p) => p.weight),
    optimiserState: async () => ({ t: optimiser.t, m: toHost((p) => p.m), v: toHost((p) => p.v) }),
    dispose: async () => { await Promise.all([train.release(), evaluate.release()]); },
  };
}
