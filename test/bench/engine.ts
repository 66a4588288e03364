/**
 * `npm run bench engine`: every compute engine that starts here, end to end, against today's
 * tfjs-wasm path and the PyTorch CPU peer, in one run:
 * - GFLOP/s of a 3×3 valid conv at 32 and 256 channels;
 * - `isotrope run` output voxels/s on a generated stack of ≥ 1 GB (cpu-preset network), as
 *   separate CLI processes over a shard of its units (the whole stack would take hours on
 *   wasm), with the process's peak RSS;
 * - `isotrope train` patches/s with the cpu preset on the bundled sample, with peak RSS;
 * - the peer: test/bench/peer/torch_peer.py (Debian's python3-torch), when installed.
 * Environment: ISOTROPE_BENCH_SIZE (default 1GB), ISOTROPE_BENCH_ENGINES (default ort-cpu,wasm),
 * ISOTROPE_BENCH_TRAIN_S (default 90), ISOTROPE_BENCH_UNITS (units per engine, default 6).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BACKENDS, type ActiveBackend, type BackendName } from '../../app/compute/index.js';
import { describeError } from '../../app/compute/errors.js';
import { ensureDefaultSample } from '../../app/sample/generate.js';
import { saveIdentityModel } from '../helpers/identity-model.js';
import { benchStack } from './bench-stack.js';
import { convGflops } from './conv-rate.js';

const root = join(import.meta.dirname, '..', '..', '..');
const cli = join(root, 'dist', 'app', 'cli.js');
const rssHook = pathToFileURL(join(import.meta.dirname, 'peak-rss.js')).href;

interface EngineFigures {
  engine: string;
  device: string;
  conv32?: number;
  conv256?: number;
  runVoxelsPerSecond?: number;
  runPeakRssMiB?: number;
  runUnits?: number;
  trainPatchesPerSecond?: number;
  trainPeakRssMiB?: number;
  error?: string;
}

/** A CLI command in its own process; stdout, and its peak RSS in MiB. */
export function cliProcess(args: string[]): {
  stdout: string;
  stderr: string;
  status: number | null;
  peakRssMiB: number;
} {
  const rssFile = join(tmpdir(), `isotrope-rss-${process.pid}-${Date.now()}`);
  const r = spawnSync(process.execPath, ['--import', rssHook, cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ISOTROPE_PEAK_RSS_FILE: rssFile },
    maxBuffer: 64 << 20,
  });
  const kib = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN;
  rmSync(rssFile, { force: true });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, peakRssMiB: kib / 1024 };
}

/** Output voxels/s of `isotrope run` over about `units` units (shard 0 of total/units). */
export function runFigures(
  name: string,
  stack: string,
  model: string,
  dir: string,
  units: number,
): Pick<EngineFigures, 'runVoxelsPerSecond' | 'runPeakRssMiB' | 'runUnits'> {
  const probe = join(dir, `probe-${name}`);
  const info = cliProcess([
    'run',
    stack,
    '--model',
    model,
    '--out',
    probe,
    '--backend',
    name,
    '--shard',
    '0/1000000',
    '--json',
  ]);
  if (info.status !== 0) throw new Error(info.stderr.trim().split('\n').pop());
  const total = (JSON.parse(info.stdout) as { unitsTotal: number }).unitsTotal;
  const out = join(dir, `run-${name}`);
  const r = cliProcess([
    'run',
    stack,
    '--model',
    model,
    '--out',
    out,
    '--backend',
    name,
    '--shard',
    `0/${Math.max(1, Math.floor(total / units))}`,
    '--json',
  ]);
  if (r.status !== 0) throw new Error(r.stderr.trim().split('\n').pop());
  const j = JSON.parse(r.stdout) as { voxelsPerSecond: number; unitsProcessed: number };
  return { runVoxelsPerSecond: j.voxelsPerSecond, runPeakRssMiB: r.peakRssMiB, runUnits: j.unitsProcessed };
}

/** The run's output shape, from the manifest `run` wrote for the probe. */
function outputShape(dir: string, name: string): { x: number; y: number; z: number } {
  return (
    JSON.parse(readFileSync(join(dir, `probe-${name}`, 'manifest.json'), 'utf8')) as {
      output: { shape: { x: number; y: number; z: number } };
    }
  ).output.shape;
}

function trainFigures(
  name: string,
  sample: string,
  dir: string,
  seconds: number,
): Pick<EngineFigures, 'trainPatchesPerSecond' | 'trainPeakRssMiB'> {
  const r = cliProcess([
    'train',
    sample,
    '--out',
    join(dir, `train-${name}`),
    '--backend',
    name,
    '--time',
    String(seconds),
  ]);
  const m = /stopped\s+\S+ after \d+ steps, (\d+) patches, \d+ epochs, (\d+) s/.exec(r.stdout);
  if (r.status !== 0 || !m) throw new Error(r.stderr.trim().split('\n').pop());
  return { trainPatchesPerSecond: Number(m[1]) / Number(m[2]), trainPeakRssMiB: r.peakRssMiB };
}

interface PeerFigures {
  inference: { voxelsPerSecond: number };
  training: { patchesPerSecond: number };
  conv: { c32: number; c256: number };
  peakRssMiB: number;
  torch: string;
  threads: number;
}

/** The peer on the run's output volume (its planes are the shapes our run feeds the network). */
function peer(output: { x: number; y: number; z: number }): PeerFigures | string {
  const script = join(root, 'test', 'bench', 'peer', 'torch_peer.py');
  // Debian's python3-torch lives in the system interpreter; a pyenv python3 on PATH cannot see it.
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const r = spawnSync(
    python,
    [script, '--json', '--volume', String(output.x), String(output.y), String(output.z)],
    { encoding: 'utf8' },
  );
  if (r.error) return `python3 not found: ${r.error.message}`;
  if (r.status !== 0) return r.stderr.trim().split('\n').pop() ?? `exit ${r.status}`;
  return JSON.parse(r.stdout) as PeerFigures;
}

const fmt = (v: number | undefined, digits = 0): string =>
  v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);
const ratio = (a: number | undefined, b: number | undefined): string =>
  a && b ? `${(a / b).toFixed(2)}×` : '—';

export async function benchEngine(): Promise<void> {
  const engines = (process.env.ISOTROPE_BENCH_ENGINES ?? 'ort-cpu,wasm').split(',') as BackendName[];
  const trainSeconds = Number(process.env.ISOTROPE_BENCH_TRAIN_S ?? 90);
  const units = Number(process.env.ISOTROPE_BENCH_UNITS ?? 6);
  const stack = await benchStack('1GB');
  const sample = (await ensureDefaultSample()).stack;
  const dir = mkdtempSync(join(tmpdir(), 'isotrope-bench-engine-'));
  const rows: EngineFigures[] = [];
  let output: { x: number; y: number; z: number } | undefined;
  try {
    // A zero-tail cpu-preset model: the weights' values do not change the work.
    const model = join(dir, 'model');
    await saveIdentityModel(model, 'cpu');
    for (const name of engines) {
      process.stdout.write(`engine ${name}…\n`);
      let active: ActiveBackend;
      try {
        active = await BACKENDS[name]();
      } catch (e) {
        rows.push({ engine: name, device: '', error: describeError(e) });
        continue;
      }
      const row: EngineFigures = { engine: name, device: active.device };
      try {
        row.conv32 = await convGflops(active, 32, 256);
        row.conv256 = await convGflops(active, 256, 64);
      } finally {
        await active.dispose();
      }
      // wasm is ~5× slower: half the units keep its share of the benchmark in minutes.
      try {
        Object.assign(
          row,
          runFigures(name, stack, model, dir, name === 'wasm' ? Math.max(2, units / 2) : units),
        );
      } catch (e) {
        row.error = `run: ${describeError(e)}`;
      }
      if (row.runVoxelsPerSecond) output ??= outputShape(dir, name);
      try {
        Object.assign(row, trainFigures(name, sample, dir, trainSeconds));
      } catch (e) {
        row.error = `${row.error ?? ''} train: ${describeError(e)}`;
      }
      rows.push(row);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const p = output ? peer(output) : 'no run output shape';
  const base = rows.find((r) => r.engine === 'wasm');
  const torch = typeof p === 'string' ? undefined : p;
  const stackInfo = JSON.parse(
    execFileSync(process.execPath, [cli, 'info', stack, '--json', '--no-stats'], { encoding: 'utf8' }),
  ) as { shape: Record<string, number>; bytes: number };
  const lines = [
    '',
    `engines on ${stackInfo.shape.x}×${stackInfo.shape.y}×${stackInfo.shape.z} (${(stackInfo.bytes / 2 ** 30).toFixed(2)} GiB) → ${output?.x}×${output?.y}×${output?.z} for runs (peer on the same output), the bundled sample for training (cpu preset, ${trainSeconds} s)`,
    'engine      conv32 GF/s  conv256 GF/s  run kvox/s  run RSS MiB  train patch/s  train RSS MiB  run vs wasm  run vs torch  train vs wasm  train vs torch',
  ];
  for (const r of rows) {
    lines.push(
      `${r.engine.padEnd(11)} ${fmt(r.conv32, 1).padStart(11)} ${fmt(r.conv256, 1).padStart(13)} ${fmt((r.runVoxelsPerSecond ?? NaN) / 1e3).padStart(11)} ${fmt(r.runPeakRssMiB).padStart(12)}` +
        ` ${fmt(r.trainPatchesPerSecond, 1).padStart(14)} ${fmt(r.trainPeakRssMiB).padStart(14)} ${ratio(r.runVoxelsPerSecond, base?.runVoxelsPerSecond).padStart(12)} ${ratio(r.runVoxelsPerSecond, torch?.inference.voxelsPerSecond).padStart(13)}` +
        ` ${ratio(r.trainPatchesPerSecond, base?.trainPatchesPerSecond).padStart(14)} ${ratio(r.trainPatchesPerSecond, torch?.training.patchesPerSecond).padStart(15)}${r.error ? `  (${r.error})` : ''}`,
    );
  }
  lines.push(
    torch
      ? `torch ${torch.torch} (${torch.threads} threads) ${fmt(torch.conv.c32, 1).padStart(11)} ${fmt(torch.conv.c256, 1).padStart(13)} ${fmt(torch.inference.voxelsPerSecond / 1e3).padStart(11)} ${fmt(torch.peakRssMiB).padStart(12)} ${fmt(torch.training.patchesPerSecond, 1).padStart(14)}`
      : `PyTorch peer: ${p as string}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  const artifacts = join(root, 'test', '.artifacts', 'bench');
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(
    join(artifacts, 'engine.json'),
    JSON.stringify({ stack: stackInfo, engines: rows, peer: torch ?? p }, null, 2),
  );
  process.stdout.write(`figures in ${join(artifacts, 'engine.json')}\n`);
}
