/**
 * Compute benchmark (issue: backends and tiled inference). Per available backend: GFLOP/s of
 * the paper's layer (3×3 conv, 256 → 256 channels, valid), then for the valid network (cpu
 * preset) whole-plane vs tiled inference on a 512×512 plane: voxels/s and the ratio
 * tiled / whole wall time for tiles of 64 and for the memory-based automatic choice.
 * Medians of several repeats after one warm-up.
 */
import {
  BACKENDS,
  BACKEND_NAMES,
  tf,
  type ActiveBackend,
  type BackendName,
} from '../../app/compute/index.js';
import { convGflops, timeMedian as time } from './conv-rate.js';
import { describeError } from '../../app/compute/errors.js';
import { createRunner } from '../../app/sr/networks/runner.js';
import { initWeights } from '../../app/sr/networks/init.js';
import { preset } from '../../app/sr/networks/presets.js';
import { chooseTiling } from '../../app/sr/tiling-choice.js';
import { runTiled, runWhole } from '../../app/sr/tiled-inference.js';

async function convLine(active: ActiveBackend): Promise<string> {
  // The cpu backend's conv is ~100× slower: a smaller plane keeps the run short.
  const size = active.name === 'cpu' ? 16 : 64;
  return `${(await convGflops(active, 256, size)).toFixed(1)} GFLOP/s (${size}×${size}×256 input)`;
}

async function inference(active: ActiveBackend): Promise<string[]> {
  const name = active.name;
  const config = preset('valid', 'cpu');
  const net = await createRunner(active, config, initWeights(config, { seed: 1, zeroTail: false }));
  const W = 512;
  const plane = {
    width: W,
    height: W,
    data: Float32Array.from({ length: W * W }, (_, i) => Math.sin(i * 0.01) + (i % 97) / 97),
  };
  const repeats = name === 'cpu' ? 1 : 3;
  try {
    const whole = await time(repeats, () => runWhole(plane, net));
    const tiled64 = await time(repeats, () => runTiled(plane, net, { tile: 64, batch: 8 }));
    const auto = chooseTiling(W, W, config, net.margin);
    const tiledAuto = await time(repeats, () => runTiled(plane, net, { tile: auto.tile, batch: auto.batch }));
    const vps = (s: number) => `${((W * W) / s / 1e3).toFixed(0)}k voxels/s`;
    // A plane the memory budget forces into tiles: 1024² with 128 MiB of activations.
    const B = 1024;
    const big = {
      width: B,
      height: B,
      data: Float32Array.from({ length: B * B }, (_, i) => Math.sin(i * 0.01) + (i % 89) / 89),
    };
    const forced = chooseTiling(B, B, config, net.margin, 128 * 2 ** 20);
    const bigLines: string[] = [];
    if (name !== 'cpu') {
      const bigWhole = await time(repeats, () => runWhole(big, net));
      const bigTiled = await time(repeats, () =>
        runTiled(big, net, { tile: forced.tile, batch: forced.batch }),
      );
      bigLines.push(
        `1024² whole ${bigWhole.toFixed(2)} s; tiled ${forced.tile} (batch ${forced.batch}, 128 MiB budget) ${bigTiled.toFixed(2)} s, ratio ${(bigTiled / bigWhole).toFixed(2)} (goal ≤ 1.10)`,
      );
    }
    return [
      `valid cpu-preset whole 512²: ${whole.toFixed(3)} s (${vps(whole)})`,
      `tiled 64 (batch 8): ${tiled64.toFixed(3)} s, ratio ${(tiled64 / whole).toFixed(2)} (work ratio (64/48)² = 1.78)`,
      `tiled auto ${auto.tile} (batch ${auto.batch}, 512 MiB budget): ${tiledAuto.toFixed(3)} s, ratio ${(tiledAuto / whole).toFixed(2)}`,
      ...bigLines,
    ];
  } finally {
    await net.dispose();
  }
}

export async function benchCompute(): Promise<void> {
  process.stdout.write('\ncompute backends\n');
  // ISOTROPE_BENCH_ENGINES=ort-cpu,wasm limits the list (default: every backend).
  const names = process.env.ISOTROPE_BENCH_ENGINES?.split(',') ?? BACKEND_NAMES;
  for (const name of names as BackendName[]) {
    let active: ActiveBackend | undefined;
    try {
      active = await BACKENDS[name]();
      if (active.engine === 'tfjs') await tf.setBackend(name);
    } catch (e) {
      process.stdout.write(`  ${name.padEnd(10)} unavailable: ${describeError(e)}\n`);
      continue;
    }
    try {
      process.stdout.write(
        `  ${name.padEnd(10)} ${active.device}\n    conv 3×3 256→256: ${await convLine(active)}\n`,
      );
      for (const line of await inference(active)) process.stdout.write(`    ${line}\n`);
    } finally {
      await active.dispose();
    }
  }
}
