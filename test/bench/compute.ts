/**
 * Compute benchmark (issue: backends and tiled inference). Per available backend: GFLOP/s of
 * the paper's layer (3×3 conv, 256 → 256 channels, valid), then for the valid network (cpu
 * preset) whole-plane vs tiled inference on a 512×512 plane: voxels/s and the ratio
 * tiled / whole wall time for tiles of 64 and for the memory-based automatic choice.
 * Medians of several repeats after one warm-up.
 */
import { BACKENDS, BACKEND_NAMES, tf, type ActiveBackend, type Tensor4D } from '../../app/compute/index.js';
import { describeError } from '../../app/compute/errors.js';
import { createNetwork } from '../../app/sr/networks/network.js';
import { initWeights } from '../../app/sr/networks/init.js';
import { preset } from '../../app/sr/networks/presets.js';
import { chooseTiling } from '../../app/sr/tiling-choice.js';
import { runTiled, runWhole } from '../../app/sr/tiled-inference.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(repeats: number, f: () => Promise<unknown>): Promise<number> {
  await f();
  const ts: number[] = [];
  for (let i = 0; i < repeats; i++) { const t = performance.now(); await f(); ts.push((performance.now() - t) / 1000); }
  return median(ts);
}

async function convGflops(name: string): Promise<string> {
  // The cpu backend's conv is ~100× slower: a smaller plane keeps the run short.
  const size = name === 'cpu' ? 16 : 64;
  const x = tf.randomNormal([1, size, size, 256], 0, 1, 'float32', 1) as Tensor4D;
  const w = tf.randomNormal([3, 3, 256, 256], 0, 0.05, 'float32', 2) as Tensor4D;
  const flops = 2 * 9 * 256 * 256 * (size - 2) ** 2;
  const s = await time(3, async () => { const y = tf.conv2d(x, w, 1, 'valid'); await y.data(); y.dispose(); });
  x.dispose(); w.dispose();
  return `${(flops / s / 1e9).toFixed(1)} GFLOP/s (${size}×${size}×256 input)`;
}

async function inference(name: string): Promise<string[]> {
  const config = preset('valid', 'cpu');
  const net = createNetwork(config, initWeights(config, { seed: 1, zeroTail: false }));
  const W = 512;
  const plane = { width: W, height: W, data: Float32Array.from({ length: W * W }, (_, i) => Math.sin(i * 0.01) + (i % 97) / 97) };
  const repeats = name === 'cpu' ? 1 : 3;
  try {
    const whole = await time(repeats, () => runWhole(plane, net));
    const tiled64 = await time(repeats, () => runTiled(plane, net, { tile: 64, batch: 8 }));
    const auto = chooseTiling(W, W, config, net.margin);
    const tiledAuto = await time(repeats, () => runTiled(plane, net, { tile: auto.tile, batch: auto.batch }));
    const vps = (s: number) => `${((W * W) / s / 1e3).toFixed(0)}k voxels/s`;
    // A plane the memory budget forces into tiles: 1024² with 128 MiB of activations.
    const B = 1024;
    const big = { width: B, height: B, data: Float32Array.from({ length: B * B }, (_, i) => Math.sin(i * 0.01) + (i % 89) / 89) };
    const forced = chooseTiling(B, B, config, net.margin, 128 * 2 ** 20);
    const bigLines: string[] = [];
    if (name !== 'cpu') {
      const bigWhole = await time(repeats, () => runWhole(big, net));
      const bigTiled = await time(repeats, () => runTiled(big, net, { tile: forced.tile, batch: forced.batch }));
      bigLines.push(`1024² whole ${bigWhole.toFixed(2)} s; tiled ${forced.tile} (batch ${forced.batch}, 128 MiB budget) ${bigTiled.toFixed(2)} s, ratio ${(bigTiled / bigWhole).toFixed(2)} (goal ≤ 1.10)`);
    }
    return [
      `valid cpu-preset whole 512²: ${whole.toFixed(3)} s (${vps(whole)})`,
      `tiled 64 (batch 8): ${tiled64.toFixed(3)} s, ratio ${(tiled64 / whole).toFixed(2)} (work ratio (64/48)² = 1.78)`,
      `tiled auto ${auto.tile} (batch ${auto.batch}, 512 MiB budget): ${tiledAuto.toFixed(3)} s, ratio ${(tiledAuto / whole).toFixed(2)}`,
      ...bigLines,
    ];
  } finally {
    net.dispose();
  }
}

export async function benchCompute(): Promise<void> {
  process.stdout.write('\ncompute backends\n');
  for (const name of BACKEND_NAMES) {
    let active: ActiveBackend | undefined;
    try {
      active = await BACKENDS[name]();
      await tf.setBackend(name);
    } catch (e) {
      process.stdout.write(`  ${name.padEnd(10)} unavailable: ${describeError(e)}\n`);
      continue;
    }
    try {
      process.stdout.write(`  ${name.padEnd(10)} ${active.device}\n    conv 3×3 256→256: ${await convGflops(name)}\n`);
      for (const line of await inference(name)) process.stdout.write(`    ${line}\n`);
    } finally {
      await active.dispose();
    }
  }
}
