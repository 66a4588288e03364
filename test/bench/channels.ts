/**
 * `npm run bench channels`: run throughput on a two-channel stack against a single-channel one
 * of the same bytes (ISOTROPE_BENCH_SIZE, default 1GB; the two-channel one has half the planes),
 * each as a separate `isotrope run` process over a shard of about ISOTROPE_BENCH_UNITS units
 * (default 6) spread over the planes, with the cpu-preset network on ISOTROPE_BENCH_ENGINE
 * (default ort-cpu) and a model per channel for the two-channel stack. Goal: the same output
 * voxels/s per channel-voxel, and a peak RSS that does not grow with the channel count (a unit
 * holds one channel's brick).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveIdentityModel } from '../helpers/identity-model.js';
import { benchStack } from './bench-stack.js';
import { runFigures } from './engine.js';

export async function benchChannels(): Promise<void> {
  const engine = process.env.ISOTROPE_BENCH_ENGINE ?? 'ort-cpu';
  const units = Number(process.env.ISOTROPE_BENCH_UNITS ?? 6);
  const single = await benchStack('1GB', 1);
  const double = await benchStack('1GB', 2);
  const dir = mkdtempSync(join(tmpdir(), 'isotrope-bench-channels-'));
  try {
    const model = join(dir, 'model');
    await saveIdentityModel(model, 'cpu');
    const perChannel = join(dir, 'models');
    for (const c of [0, 1]) cpSync(model, join(perChannel, `c${c}`), { recursive: true });
    const one = runFigures(`${engine}`, single, model, join(dir, 'one'), units);
    const two = runFigures(`${engine}`, double, perChannel, join(dir, 'two'), units);
    const ratio = (two.runVoxelsPerSecond ?? NaN) / (one.runVoxelsPerSecond ?? NaN);
    const result = {
      engine,
      single: { stack: single, ...one },
      twoChannels: { stack: double, ...two },
      voxelsPerSecondRatio: ratio,
      peakRssRatio: (two.runPeakRssMiB ?? NaN) / (one.runPeakRssMiB ?? NaN),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `channels: two-channel / single-channel voxels/s per channel-voxel = ${ratio.toFixed(3)} (goal 1), peak RSS ${two.runPeakRssMiB?.toFixed(0)} vs ${one.runPeakRssMiB?.toFixed(0)} MiB\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
