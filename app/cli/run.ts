/**
 * `isotrope run VOLUME --model DIR --out RUN_DIR [--shard i/n]` and `isotrope resume RUN_DIR`:
 * create (or join, for another shard) a run, then work through its units with a progress bar
 * (units, voxels/s, ETA). Ctrl-C or SIGTERM stops it (a unit cut short is redone on resume).
 */
import { resolveBackendName, selectBackend } from '../compute/index.js';
import {
  createRun,
  executeRun,
  type ExecuteResult,
  isRunError,
  readManifest,
  parseShard,
  runChannels,
  type RunManifest,
  type Shard,
} from '../run/index.js';
import { RunOptionsSchema } from '../run/run-options.js';
import { formatDuration, progressBar } from './progress.js';
import { BACKEND_HELP, ComputeOptionsSchema, type ComputeOptions } from '../compute/compute-options.js';
import { computeOptions } from './backend-choice.js';
import { OptionError, parseOptions, type FlagOverrides } from './options.js';

/** `isotrope run`'s generated flags: the run's own options, then --threads (--backend is a run option). */
/** ", channels 0 (vessels), 1 (nuclei) × time points 0–9 (one model per channel)" for a run of several planes. */
function planesText(manifest: RunManifest): string {
  if (!manifest.planes) return '';
  const names = runChannels(manifest).map((channel) => `${channel.index} (${channel.name})`);
  const times = manifest.planes.timepoints;
  const span = times.length > 1 ? ` × time points ${times.join(', ')}` : '';
  const models = manifest.channelModels ? 'one model per channel' : 'one model for every channel';
  return `, channel${names.length === 1 ? '' : 's'} ${names.join(', ')}${span} (${models})`;
}

export const RunFlags = RunOptionsSchema.extend({ threads: ComputeOptionsSchema.shape.threads });
/** `isotrope resume`'s generated flags. */
export const ResumeFlags = ComputeOptionsSchema;
/** On resume, no --backend means the backend the run was created with. */
export const RESUME_OVERRIDES: FlagOverrides = { backend: { help: `${BACKEND_HELP}; default: the run's` } };

/** The flags every run command declares by hand: its share of the work and its output form. */
interface WorkFlags {
  shard?: string;
  json?: boolean;
}

/** --shard's value; a bad one is an OptionError, so its line ends in the --help hint. */
function shardFlag(text: string | undefined): Shard {
  try {
    return parseShard(text);
  } catch (error) {
    if (!isRunError(error) || error.tag !== 'bad-input') throw error;
    throw new OptionError('--shard', text, 'i/n with 0 ≤ i < n, e.g. 0/4');
  }
}

export async function runRun(
  volume: string,
  bag: { model: string; out: string } & WorkFlags & Record<string, unknown>,
): Promise<void> {
  const { threads, ...options } = parseOptions(RunFlags, bag);
  const shard = shardFlag(bag.shard);
  // Before the run is created: its manifest records the backend, so a typo would stay in it.
  resolveBackendName(options.backend);
  await createRun({ ...options, input: volume, model: bag.model, runDir: bag.out, shard });
  await work(bag.out, shard, bag.json, { threads });
}

export async function runResume(runDir: string, bag: WorkFlags & Record<string, unknown>): Promise<void> {
  const options = parseOptions(ResumeFlags, bag, RESUME_OVERRIDES);
  await work(runDir, shardFlag(bag.shard), bag.json, options);
}

async function work(
  runDir: string,
  shard: Shard,
  json: boolean | undefined,
  flags: ComputeOptions,
): Promise<void> {
  const manifest = await readManifest(runDir);
  // The command's --backend first, then what the run was created with, else automatic.
  const backend = await selectBackend(
    computeOptions({
      backend: flags.backend ?? manifest.params.backend ?? undefined,
      threads: flags.threads,
    }),
  );
  const abort = new AbortController();
  const onSigint = (): void => {
    abort.abort(new Error('interrupted'));
    process.stderr.write('\nstopping; isotrope resume continues the run…\n');
  };
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  const bar = progressBar({
    label: shard.count > 1 ? `run ${shard.index}/${shard.count}` : 'run',
    unit: 'units',
  });
  let result: ExecuteResult;
  try {
    if (!json)
      process.stderr.write(
        `backend ${backend.name} (${backend.device}): ${backend.reason}\noutput ${manifest.output.shape.x}×${manifest.output.shape.y}×${manifest.output.shape.z} ${manifest.output.dtype}${planesText(manifest)}, ${manifest.grid.units} units\n`,
      );
    let shardTotal = 0;
    let shardDone = 0;
    result = await executeRun(runDir, {
      shard,
      signal: abort.signal,
      backend,
      onEvent: (e) => {
        if (e.type === 'start') shardTotal = e.shardUnits;
        if (e.type === 'progress') {
          shardDone = shardTotal - e.shardRemaining;
          bar.update(
            shardDone,
            shardTotal,
            `${(e.voxelsPerSecond / 1e6).toFixed(2)} Mvox/s, ETA ${formatDuration(e.etaSeconds)}, ${e.unitsDone}/${e.unitsTotal} units in all`,
          );
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
    process.stdout.write(
      `${JSON.stringify({ ...result, voxelsPerSecond: rate, backend: backend.name, device: backend.device, threads: backend.threads, runDir })}\n`,
    );
  } else {
    const next =
      result.unitsDone === result.unitsTotal
        ? `all units done: isotrope finalize ${runDir}`
        : `${result.unitsTotal - result.unitsDone} units left (other shards)`;
    process.stderr.write(
      `${result.unitsProcessed} units, ${(rate / 1e6).toFixed(2)} Mvoxels/s, ${formatDuration(result.seconds)}; ${next}\n`,
    );
  }
}
