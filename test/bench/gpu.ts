/**
 * `npm run bench:gpu` runs this on a machine with a GPU (see test/bench/gpu/README.md for the
 * carried folder): every engine that starts, its agreement with ORT's cpu provider, GFLOP/s of
 * the paper's 256→256 layer, paper-preset inference voxels/s (both orientations) and training
 * patches/s, and the extrapolated time for the paper's 2000×2000×2400 stack (→ ×5839 planes).
 * Bounded to ~4 minutes: measurements past the deadline are skipped and say so.
 *
 *   node dist/test/bench/gpu.js [--json-out FILE] [--engines ort-cuda,ort-webgpu,webgpu,tensorflow]
 */
import { writeFileSync } from 'node:fs';
import { BACKENDS, type ActiveBackend, type BackendName } from '../../app/compute/index.js';
import { describeError } from '../../app/compute/errors.js';
import { initWeights, type WeightMap } from '../../app/sr/networks/init.js';
import { preset } from '../../app/sr/networks/presets.js';
import { createRunner } from '../../app/sr/networks/runner.js';
import { createTrainer } from '../../app/sr/training/trainer.js';
import type { NetworkConfig } from '../../app/sr/networks/architecture.js';
import { convGflops, timeMedian } from './conv-rate.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const engines = (opt('--engines') ?? 'ort-cuda,ort-webgpu,webgpu,tensorflow').split(',') as BackendName[];
const started = performance.now();
const deadline = Number(opt('--seconds') ?? 240);
const left = (): number => deadline - (performance.now() - started) / 1000;
const log = (s: string): void => {
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${s}\n`);
};

/** The paper's output: 2000×2000×2400 planes at 0.411/1 µm → 5839 output planes. */
const PAPER_OUTPUT_VOXELS = 2000 * 2000 * 5839;

const PAPER: NetworkConfig = preset('valid', 'paper');
/** Weights with a tail scaled so the residual is visible but the output stays in range. */
function paperWeights(): WeightMap {
  const w = initWeights(PAPER, { seed: 1, zeroTail: false });
  for (const k of ['tail.w', 'tail.b']) {
    const t = w.get(k)!;
    w.set(k, { shape: t.shape, data: t.data.map((v) => v * 0.05) });
  }
  return w;
}

const plane = (n: number, h: number, w: number): Float32Array =>
  Float32Array.from({ length: n * h * w }, (_, i) => 0.5 + 0.4 * Math.sin(i * 0.013) * Math.cos(i * 0.0007));

interface EngineResult {
  name: string;
  available: boolean;
  device?: string;
  error?: string;
  maxAbsDiffVsCpu?: number;
  conv256Gflops?: number;
  inferenceVoxelsPerSecond?: number;
  trainingPatchesPerSecond?: number;
  paperStackHours?: number;
  skipped?: string[];
}

async function main(): Promise<void> {
  const weights = paperWeights();
  const check = { n: 1, h: 96, w: 96 };
  const checkInput = plane(check.n, check.h, check.w);
  log('reference: paper network on a 96² plane with ORT cpu');
  const cpu = await BACKENDS['ort-cpu']();
  const refNet = await createRunner(cpu, PAPER, weights);
  const reference = await refNet.run(checkInput, check.n, check.h, check.w);
  await refNet.dispose();
  const cpuConv = await convGflops(cpu, 256, 64);
  await cpu.dispose();
  const results: EngineResult[] = [
    { name: 'ort-cpu', available: true, device: cpu.device, conv256Gflops: cpuConv },
  ];
  for (const name of engines) {
    const r: EngineResult = { name, available: false, skipped: [] };
    results.push(r);
    let b: ActiveBackend;
    try {
      b = await BACKENDS[name]();
    } catch (e) {
      r.error = describeError(e);
      log(`${name}: ${r.error}`);
      continue;
    }
    r.available = true;
    r.device = b.device;
    log(`${name}: ${b.device}`);
    try {
      // A software adapter (llvmpipe) would spend the whole budget on a 256² conv.
      r.conv256Gflops = b.slower ? await convGflops(b, 256, 32, 1) : await convGflops(b, 256, 256, 5);
      log(`${name}: conv 256→256 ${r.conv256Gflops.toFixed(0)} GFLOP/s`);
      const net = await createRunner(b, PAPER, weights);
      try {
        const out = await net.run(checkInput, check.n, check.h, check.w);
        r.maxAbsDiffVsCpu = out.reduce((m, v, i) => Math.max(m, Math.abs(v - reference[i])), 0);
        log(`${name}: max |Δ| vs ort-cpu ${r.maxAbsDiffVsCpu.toExponential(2)}`);
        if (b.slower) r.skipped!.push('inference and training (software adapter)');
        else if (left() > 60) {
          // Two planes of 256 × 256 output a pass: 256 channels of 288² are 85 MB a map, inside
          // WebGPU's default 128 MiB binding limit (a batch of four 544² planes is not).
          const m = net.margin;
          const side = 256;
          const [n, h, w] = [2, side + 2 * m, side + 2 * m];
          const input = plane(n, h, w);
          const s = await timeMedian(3, () => net.run(input, n, h, w));
          // Both orientations run the network on every output voxel: half the single-pass rate.
          r.inferenceVoxelsPerSecond = (n * side * side) / s / 2;
          r.paperStackHours = PAPER_OUTPUT_VOXELS / r.inferenceVoxelsPerSecond / 3600;
          log(
            `${name}: inference ${(r.inferenceVoxelsPerSecond / 1e6).toFixed(2)} Mvoxels/s both orientations → paper stack ${r.paperStackHours.toFixed(1)} h`,
          );
        } else r.skipped!.push('inference (deadline)');
      } finally {
        await net.dispose();
      }
      if (b.slower) {
        /* skipped above */
      } else if (left() > 45) {
        const trainer = await createTrainer(b, {
          config: PAPER,
          weights,
          adam: { lr: 1e-4 },
          edgeWeight: 1,
          batch: 32,
        });
        try {
          const count = 32;
          const patch = 64;
          const t = patch - 2 * 16;
          const batch = {
            count,
            patch,
            targetSize: t,
            input: plane(count, patch, patch),
            target: plane(count, t, t),
          };
          const s = await timeMedian(3, () => trainer.step(batch));
          r.trainingPatchesPerSecond = count / s;
          log(`${name}: training ${r.trainingPatchesPerSecond.toFixed(1)} patches/s (batch 32 of 64²)`);
        } finally {
          await trainer.dispose();
        }
      } else r.skipped!.push('training (deadline)');
    } catch (e) {
      r.error = describeError(e);
      log(`${name}: ${r.error}`);
    } finally {
      await b.dispose();
    }
  }
  const report = {
    when: new Date().toISOString(),
    seconds: (performance.now() - started) / 1000,
    network: PAPER,
    paperOutputVoxels: PAPER_OUTPUT_VOXELS,
    results,
  };
  const file = opt('--json-out');
  if (file) writeFileSync(file, JSON.stringify(report, null, 2));
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

await main();
