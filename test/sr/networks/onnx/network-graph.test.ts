/**
 * The ONNX graphs against the tfjs reference: inference within float tolerance (the measured
 * maximum difference is printed), the zero-tail identity exact, gradients of the training graph
 * against tfjs autodiff (relative 1e-4) for both networks, thread count without effect on a
 * single bit, host AdamW against the tf AdamW, and a model file from before ORT running on it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tf, type Tensor, type Tensor4D } from '../../../../app/compute/index.js';
import { OrtSession, type HostTensor } from '../../../../app/compute/onnx/session.js';
import { ProtoWriter } from '../../../../app/compute/onnx/protobuf.js';
import type { NetworkConfig } from '../../../../app/sr/networks/architecture.js';
import { initWeights, type WeightMap } from '../../../../app/sr/networks/init.js';
import { createNetwork } from '../../../../app/sr/networks/network.js';
import { createOrtRunner } from '../../../../app/sr/networks/ort-runner.js';
import {
  hwioToOihw,
  oihwToHwio,
  onnxWeightShapes,
  trainingModel,
} from '../../../../app/sr/networks/onnx/network-graph.js';
import { preset } from '../../../../app/sr/networks/presets.js';
import { srLoss } from '../../../../app/sr/training/loss.js';
import { AdamW } from '../../../../app/sr/training/adamw.js';
import { HostAdamW } from '../../../../app/sr/training/adamw-host.js';
import { createOrtTrainer } from '../../../../app/sr/training/ort-trainer.js';
import { loadWeights, saveWeights } from '../../../../app/sr/weights-file.js';
import { seeded } from '../../../helpers/fixtures.js';

const random = (n: number, seed: number): Float32Array => {
  const r = seeded(seed);
  return Float32Array.from({ length: n }, () => r());
};
const bytes = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function tfForward(
  config: NetworkConfig,
  w: WeightMap,
  x: Float32Array,
  n: number,
  h: number,
  wd: number,
): Promise<Float32Array> {
  const net = createNetwork(config, w);
  try {
    return await net.run(x, n, h, wd);
  } finally {
    net.dispose();
  }
}

describe('ONNX inference graph', () => {
  for (const config of [
    preset('valid', 'cpu'),
    { kind: 'valid', width: 8, blocks: 7 } as NetworkConfig,
    preset('padded', 'tiny'),
  ]) {
    test(`${config.kind} W${config.width} B${config.blocks} agrees with tfjs to float tolerance, on 1 thread and 2 bit for bit`, async () => {
      const w = initWeights(config, { seed: 4, zeroTail: false });
      const [n, h, wd] = [3, 61, 47];
      const x = random(n * h * wd, 9);
      const ref = await tfForward(config, w, x, n, h, wd);
      const outs: Float32Array[] = [];
      for (const threads of [1, 2]) {
        const net = await createOrtRunner(config, w, { provider: 'cpu', threads });
        outs.push(await net.run(x, n, h, wd));
        await net.dispose();
      }
      expect(outs[0].length).toBe(ref.length);
      expect(bytes(outs[1]).equals(bytes(outs[0]))).toBe(true);
      let worst = 0;
      let scale = 0;
      for (let i = 0; i < ref.length; i++) {
        worst = Math.max(worst, Math.abs(outs[0][i] - ref[i]));
        scale = Math.max(scale, Math.abs(ref[i]));
      }
      console.log(
        `ort-cpu vs tfjs cpu, ${config.kind} W${config.width} B${config.blocks}: max |Δ| ${worst.toExponential(2)} of max |y| ${scale.toFixed(2)}`,
      );
      expect(worst).toBeLessThan(1e-5 * Math.max(1, scale));
    }, 60_000);
  }

  test('a zero tail is the identity on the cropped input, exactly', async () => {
    const config = preset('valid', 'tiny');
    const net = await createOrtRunner(config, initWeights(config), { provider: 'cpu', threads: 1 });
    const [h, wd] = [40, 33];
    const m = net.margin;
    const x = random(h * wd, 3);
    const y = await net.run(x, 1, h, wd);
    for (let r = 0; r < h - 2 * m; r++)
      expect(bytes(y.subarray(r * (wd - 2 * m), (r + 1) * (wd - 2 * m)))).toEqual(
        bytes(x.subarray((r + m) * wd + m, (r + m) * wd + wd - m)),
      );
    await net.dispose();
  });

  test('a model file written before the ORT engine loads and runs on it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isotrope-onnx-'));
    try {
      const config = preset('valid', 'cpu');
      const w = initWeights(config, { seed: 2, zeroTail: false });
      const file = join(dir, 'model.safetensors');
      await saveWeights(file, w, { config, preset: 'cpu', scale: 2, normalisation: {}, training: {} });
      const loaded = await loadWeights(file);
      const net = await createOrtRunner(loaded.meta.config, loaded.weights, { provider: 'cpu', threads: 2 });
      const x = random(50 * 50, 1);
      const y = await net.run(x, 1, 50, 50);
      await net.dispose();
      const ref = await tfForward(config, w, x, 1, 50, 50);
      for (let i = 0; i < ref.length; i++) expect(Math.abs(y[i] - ref[i])).toBeLessThan(1e-4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ONNX training graph', () => {
  let session: OrtSession | undefined;
  afterAll(async () => {
    await session?.release();
  });

  for (const config of [
    { kind: 'valid', width: 8, blocks: 2 } as NetworkConfig,
    { kind: 'padded', width: 8, blocks: 2 } as NetworkConfig,
  ]) {
    test(`${config.kind}: loss and every weight's gradient match tfjs autodiff (relative 1e-4)`, async () => {
      const w = initWeights(config, { seed: 3, zeroTail: false });
      const m = config.kind === 'valid' ? 6 : 0;
      const [B, P] = [2, 24];
      const T = P - 2 * m;
      const x = random(B * P * P, 5);
      const target = random(B * T * T, 6);
      const feeds: Record<string, HostTensor> = {
        x: { data: x, dims: [B, 1, P, P] },
        target: { data: target, dims: [B, 1, T, T] },
      };
      for (const s of onnxWeightShapes(config)) {
        const h = w.get(s.name)!;
        feeds[s.name] = {
          data: s.dims.length === 4 ? hwioToOihw(h.data, s.cin, s.cout) : h.data,
          dims: s.dims,
        };
      }
      const outs: Array<Record<string, HostTensor>> = [];
      for (const threads of [1, 2]) {
        session = await OrtSession.create(trainingModel(config, 1), { provider: 'cpu', threads });
        outs.push(await session.run(feeds));
        await session.release();
        session = undefined;
      }
      for (const k of Object.keys(outs[0]))
        expect(bytes(outs[1][k].data).equals(bytes(outs[0][k].data)), k).toBe(true);
      const net = createNetwork(config, w, { trainable: true });
      const xt = tf.tensor4d(x, [B, P, P, 1]);
      const yt = tf.tensor4d(target, [B, T, T, 1]);
      const vars = [...net.weights.values()] as Array<ReturnType<typeof tf.variable>>;
      const { value, grads } = tf.variableGrads(
        () => srLoss(net.forward(xt as Tensor4D), yt as Tensor4D, 1) as never,
        vars,
      );
      expect(outs[0].loss.data[0]).toBeCloseTo((await value.data())[0], 5);
      let worst = 0;
      for (const s of onnxWeightShapes(config)) {
        const got = outs[0][`grad:${s.name}`].data;
        const host = s.dims.length === 4 ? oihwToHwio(got, s.cin, s.cout) : got;
        const ref = await (
          grads[(net.weights.get(s.name) as ReturnType<typeof tf.variable>).name] as Tensor
        ).data();
        let diff = 0;
        let scale = 0;
        for (let i = 0; i < ref.length; i++) {
          diff = Math.max(diff, Math.abs(host[i] - ref[i]));
          scale = Math.max(scale, Math.abs(ref[i]));
        }
        worst = Math.max(worst, diff / scale);
      }
      console.log(
        `training graph vs tfjs autodiff, ${config.kind}: worst relative gradient difference ${worst.toExponential(2)}`,
      );
      expect(worst).toBeLessThan(1e-4);
      tf.dispose([xt, yt, value, ...Object.values(grads)]);
      net.dispose();
    }, 60_000);
  }

  test('the ORT trainer takes the same steps and validation losses on 1, 2 and 3 threads (data-parallel shards), bit for bit', async () => {
    const config = preset('valid', 'tiny');
    const [count, patch] = [10, 32];
    const t = patch - 2 * 6;
    const batch = {
      count,
      patch,
      targetSize: t,
      input: random(count * patch * patch, 7),
      target: random(count * t * t, 8),
    };
    const runs: Float32Array[][] = [];
    for (const threads of [1, 2, 3]) {
      const trainer = await createOrtTrainer(
        {
          config,
          weights: initWeights(config, { seed: 2, zeroTail: false }),
          adam: { lr: 1e-3 },
          edgeWeight: 1,
          batch: count,
        },
        { provider: 'cpu', threads },
      );
      const losses = [];
      for (let k = 0; k < 3; k++) losses.push(await trainer.step(batch));
      losses.push(await trainer.loss(batch, 3));
      runs.push([Float32Array.from(losses), ...[...(await trainer.weights()).values()].map((w) => w.data)]);
      await trainer.dispose();
    }
    for (const other of runs.slice(1))
      other.forEach((a, i) => expect(bytes(a).equals(bytes(runs[0][i]))).toBe(true));
    expect(runs[0][0][2]).toBeLessThan(runs[0][0][0]);
  }, 60_000);

  test('host AdamW takes the same step as the tf AdamW', async () => {
    const w = random(50, 1);
    const g = random(50, 2).map((v) => v - 0.5);
    const variable = tf.variable(tf.tensor1d(w));
    const ref = new AdamW(new Map([['w', variable]]), { lr: 1e-3 });
    const host = new HostAdamW({ lr: 1e-3 });
    const param = { weight: w.slice(), m: new Float32Array(50), v: new Float32Array(50) };
    for (let k = 0; k < 3; k++) {
      const gt = tf.tensor1d(g);
      ref.apply(new Map([['w', gt]]));
      gt.dispose();
      host.apply([param], [g]);
    }
    const want = await variable.data();
    for (let i = 0; i < 50; i++) expect(param.weight[i]).toBeCloseTo(want[i], 6);
    ref.dispose();
    variable.dispose();
  });
});

test('protobuf varints: int64 negatives take ten bytes, as onnx.proto requires', () => {
  expect([...new ProtoWriter().int(1, -1).bytes()]).toEqual([
    8, 255, 255, 255, 255, 255, 255, 255, 255, 255, 1,
  ]);
  expect([...new ProtoWriter().int(2, 300).bytes()]).toEqual([16, 172, 2]);
});
