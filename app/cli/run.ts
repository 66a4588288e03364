/**
 * `isotrope run VOLUME --model DIR --out RUN_DIR [--shard i/n]` and `isotrope resume RUN_DIR`:
 * create (or join, for another shard) a run, then work through its units with a progress bar
 * (units, voxels/s, ETA). Ctrl-C stops after the unit in progress; the run stays resumable.
 */
import { selectBackend } from '../compute/select.js';
import { createRun } from '../run/create-run.js';
import { RunError } from '../run/errors.js';
import { executeRun, type ExecuteResult } from '../run/execute-run.js';
import { readManifest } from '../run/manifest.js';
import type { OutputDType } from '../run/output-store.js';
import { parseShard, type Shard } from '../run/unit-grid.js';
import type { Orientations } from '../sr/inference/super-resolve-block.js';
import { formatDuration, progressBar } from './progress.js';
import { computeOptions, type ComputeFlags } from './compute-options.js';

export interface RunCommandOptions {
  model: string; out: string; shard?: string; orientations?: string; dtype?: string;
  unit?: string; unitZ?: string; tile?: string; backend?: string; threads?: string; json?: boolean;
}

function positiveInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(Number.isInteger(n) && n >= 1)) throw new RunError('bad-input', `--${name} ${v}: expected a positive integer`);
  return n;
}

export async function runRun(volume: string, o: RunCommandOptions): Promise<void> {
  const shard = parseShard(o.shard);
  const unitY = positiveInt('unit', o.unit) ?? 64;
  const unitZ = positiveInt('unit-z', o.unitZ) ?? unitY;
  await createRun({
    input: volume, model: o.model, runDir: o.out, shard,
    orientations: o.orientations as Orientations | undefined, dtype: o.dtype as OutputDType | undefined,
    unit: { y: unitY, z: unitZ }, tile: positiveInt('tile', o.tile), backend: o.backend,
  });
  await work(o.out, shard, o.json, { threads: o.threads });
}

export async function runResume(runDir: string, o: { shard?: string; json?: boolean } & ComputeFlags): Promise<void> {
  await work(runDir, parseShard(o.shard), o.json, o);
}

async function work(runDir: string, shard: Shard, json: boolean | undefined, flags: ComputeFlags): Promise<void> {
  const m = await readManifest(runDir);
  // The command's --backend first, then what the run was created with, else automatic.
  const backend = await selectBackend(computeOptions({ backend: flags.backend ?? m.params.backend ?? undefined, threads: flags.threads }));
  const abort = new AbortController();
  const onSigint = (): void => { abort.abort(new Error('interrupted')); process.stderr.write('\nstopping after the unit in progress…\n'); };
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  const bar = progressBar({ label: shard.count > 1 ? `run ${shard.index}/${shard.count}` : 'run', unit: 'units' });
  let result: ExecuteResult;
  try {
    if (!json) process.stderr.write(`backend ${backend.name} (${backend.device}): ${backend.reason}\noutput ${m.output.shape.x}×${m.output.shape.y}×${m.output.shape.z} ${m.output.dtype}, ${m.grid.units} units\n`);
    let shardTotal = 0; let shardDone = 0;
    result = await executeRun(runDir, {
      shard, signal: abort.signal, backend,
      onEvent: (e) => {
        if (e.type === 'start') shardTotal = e.shardUnits;
        if (e.type === 'progress') {
          shardDone = shardTotal - e.shardRemaining;
          bar.update(shardDone, shardTotal, `${(e.voxelsPerSecond / 1e6).toFixed(2)} Mvox/s, ETA ${formatDuration(e.etaSeconds)}, ${e.unitsDone}/${e.unitsTotal} units in all`);
        }
      },
    });
  } finally {
    bar.finish();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    await backend.dispose();
  }
  const rate = result.seconds > 0 ? result.voxels / result.seconds : 0;
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...result, voxelsPerSecond: rate, backend: backend.name, device: backend.device, threads: backend.threads, runDir })}\n`);
  } else {
    const next = result.unitsDone === result.unitsTotal ? `all units done: isotrope finalize ${runDir}` : `${result.unitsTotal - result.unitsDone} units left (other shards)`;
    process.stderr.write(`${result.unitsProcessed} units, ${(rate / 1e6).toFixed(2)} Mvoxels/s, ${formatDuration(result.seconds)}; ${next}\n`);
  }
}
