/**
 * Training on onnxruntime: `trainingModel` (forward, L1 + Sobel loss, backward) and `lossModel`
 * (validation) in session workers, weights fed as inputs each step, AdamW on the host. Weights
 * and moments are kept in ONNX's OIHW layout between steps (AdamW is elementwise, so layout
 * does not matter to it) and converted to HWIO only for checkpoints.
 *
 * Data parallel on the cpu provider: a batch is cut into shards of SHARD_PATCHES patches, the
 * shards are spread over up to `threads` sessions (one worker thread each), and the gradients
 * are combined on the host in shard order, weighted by shard size. ORT scales poorly from one
 * intra-op thread to two on these small convs (batch 16 of 64²: 300 → 215 ms), independent
 * sessions nearly linearly. The shards, not the workers, fix the arithmetic: one thread or many
 * give the same bits (tested).
 */
import { OrtSession, type HostTensor, type OrtSessionOptions } from '../../compute/index.js';
import {
  lossModel,
  onnxWeight,
  onnxWeightShapes,
  trainingModel,
  oihwToHwio,
  type OnnxWeightShape,
} from '../networks/onnx/network-graph.js';
import type { WeightMap } from '../networks/init.js';
import { HostAdamW, type HostParameter } from './adamw-host.js';
import type { Batch } from './patch-sampler.js';
import type { Trainer, TrainerSetup } from './trainer.js';

/** Patches per shard: part of the training arithmetic (the gradient sum), never of the machine. */
export const SHARD_PATCHES = 4;

/** [first patch, count] of each shard of `count` patches (a GPU provider takes one shard). */
function shardsOf(count: number, size: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let from = 0; from < count; from += size) out.push([from, Math.min(size, count - from)]);
  return out;
}

export async function createOrtTrainer(setup: TrainerSetup, options: OrtSessionOptions): Promise<Trainer> {
  const shapes = onnxWeightShapes(setup.config);
  // Moments start at zero unless a checkpoint restores them (a fresh run's maps are empty).
  const moment = (map: WeightMap | undefined, s: OnnxWeightShape): Float32Array =>
    map?.has(s.name) ? onnxWeight(map, s) : new Float32Array(s.dims.reduce((a, b) => a * b, 1));
  const params: HostParameter[] = shapes.map((s) => ({
    weight: onnxWeight(setup.weights, s),
    m: moment(setup.adamState?.m, s),
    v: moment(setup.adamState?.v, s),
  }));
  const optimiser = new HostAdamW(setup.adam, setup.adamState?.t ?? 0);
  const cpu = options.provider === 'cpu';
  const shardSize = cpu ? SHARD_PATCHES : Infinity;
  const workers = cpu ? Math.max(1, Math.min(options.threads, Math.ceil(setup.batch / SHARD_PATCHES))) : 1;
  const perWorker = { ...options, threads: Math.max(1, Math.floor(options.threads / workers)) };
  const [graph, lossGraph] = [
    trainingModel(setup.config, setup.edgeWeight),
    lossModel(setup.config, setup.edgeWeight),
  ];
  const sessions = await Promise.all(
    Array.from({ length: 2 * workers }, (_, i) =>
      OrtSession.create(i < workers ? graph : lossGraph, perWorker),
    ),
  );
  const train = sessions.slice(0, workers);
  const evaluate = sessions.slice(workers);
  /** Runs `feedsOf(k)` for k < n over `pool`, worker w taking k = w, w + W, …; results by k. */
  const spread = async (
    pool: OrtSession[],
    n: number,
    feedsOf: (k: number) => Record<string, HostTensor>,
  ): Promise<Array<Record<string, HostTensor>>> => {
    const outs: Array<Record<string, HostTensor>> = new Array(n);
    await Promise.all(
      pool.map(async (session, w) => {
        for (let k = w; k < n; k += pool.length) outs[k] = await session.run(feedsOf(k));
      }),
    );
    return outs;
  };
  const feeds = (b: Batch, from: number, count: number): Record<string, HostTensor> => {
    const p = b.patch;
    const t = b.targetSize;
    const f: Record<string, HostTensor> = {
      x: { data: b.input.subarray(from * p * p, (from + count) * p * p), dims: [count, 1, p, p] },
      target: { data: b.target.subarray(from * t * t, (from + count) * t * t), dims: [count, 1, t, t] },
    };
    shapes.forEach((s, k) => {
      f[s.name] = { data: params[k].weight, dims: s.dims };
    });
    return f;
  };
  const toHost = (pick: (p: HostParameter) => Float32Array): WeightMap =>
    new Map(
      shapes.map((s, k) => {
        const data = pick(params[k]);
        return [
          s.name,
          {
            shape: s.dims.length === 4 ? [3, 3, s.cin, s.cout] : [s.cout],
            data: s.dims.length === 4 ? oihwToHwio(data, s.cin, s.cout) : data.slice(),
          },
        ];
      }),
    );
  return {
    async step(batch) {
      const shards = shardsOf(batch.count, shardSize);
      const outs = await spread(train, shards.length, (k) => feeds(batch, ...shards[k]));
      const weight = shards.map(([, n]) => n / batch.count);
      const grads = shapes.map((s) => {
        if (outs.length === 1) return outs[0][`grad:${s.name}`].data;
        const sum = new Float64Array(outs[0][`grad:${s.name}`].data.length);
        outs.forEach((o, k) => {
          const g = o[`grad:${s.name}`].data;
          for (let i = 0; i < sum.length; i++) sum[i] += weight[k] * g[i];
        });
        return Float32Array.from(sum);
      });
      optimiser.apply(params, grads);
      return outs.reduce((l, o, k) => l + weight[k] * o.loss.data[0], 0);
    },
    async loss(val, chunk) {
      const chunks = shardsOf(val.count, chunk);
      const outs = await spread(evaluate, chunks.length, (k) => feeds(val, ...chunks[k]));
      // Summed in chunk order, whatever the number of sessions.
      return outs.reduce((sum, o, k) => sum + o.loss.data[0] * chunks[k][1], 0) / val.count;
    },
    weights: async () => toHost((p) => p.weight),
    optimiserState: async () => ({ t: optimiser.t, m: toHost((p) => p.m), v: toHost((p) => p.v) }),
    dispose: async () => {
      await Promise.all(sessions.map((s) => s.release()));
    },
  };
}
