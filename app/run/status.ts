/**
 * What a run directory says about itself, cheaply (no input or model is opened): units
 * journaled by all shards, which shards hold a live lock, whether it was finalized. This is
 * `isotrope status --json` and what the UI polls for runs started elsewhere.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { disagreementStorePath, hasConfidence } from './disagreement.js';
import { readJournals } from './journal.js';
import { liveLocks, type LockInfo } from './lock.js';
import { readManifest } from './manifest.js';
import { recordedPlanes, runChannels } from './run-planes.js';
import type { Dims } from './unit-grid.js';

export interface RunStatus {
  /** done: every unit journaled; running: some process holds a live lock; stopped: neither. */
  state: 'done' | 'running' | 'stopped';
  unitsDone: number;
  unitsTotal: number;
  /** Output voxels journaled and in total. */
  voxelsDone: number;
  voxelsTotal: number;
  /** Live processes (pid, host, shard). */
  processes: LockInfo[];
  /** finalize has built the pyramid, MIPs and preview. */
  finalized: boolean;
  input: string;
  output: { shape: Dims; dtype: string; store: string };
  /** Sum of per-unit seconds from the journal (work done, over all processes). */
  unitSeconds: number;
  /** The input channels covered (index, name, colour) and time points, in output order. */
  channels: { index: number; name: string; color: string }[];
  timepoints: number[];
  /** The confidence map's store (output.zarr/disagreement), for runs that write one. */
  disagreement?: string;
}

export const FINALIZED = 'finalized.json';

export async function runStatus(runDir: string): Promise<RunStatus> {
  const manifest = await readManifest(runDir);
  const done = await readJournals(runDir);
  const processes = await liveLocks(runDir);
  let voxelsDone = 0;
  let unitSeconds = 0;
  for (const e of done.values()) {
    voxelsDone +=
      (e.box.x.end - e.box.x.start) * (e.box.y.end - e.box.y.start) * (e.box.z.end - e.box.z.start);
    unitSeconds += e.seconds ?? 0;
  }
  const unitsDone = [...done.keys()].filter((id) => id >= 0 && id < manifest.grid.units).length;
  const { shape } = manifest.output;
  const planes = recordedPlanes(manifest);
  return {
    state: unitsDone === manifest.grid.units ? 'done' : processes.length > 0 ? 'running' : 'stopped',
    unitsDone,
    unitsTotal: manifest.grid.units,
    voxelsDone,
    voxelsTotal: shape.x * shape.y * shape.z * (manifest.grid.planes ?? 1),
    processes,
    finalized: existsSync(join(runDir, FINALIZED)),
    input: manifest.input.path,
    output: { shape, dtype: manifest.output.dtype, store: join(runDir, manifest.output.store) },
    unitSeconds,
    channels: runChannels(manifest),
    timepoints: planes.timepoints,
    ...(hasConfidence(manifest) ? { disagreement: disagreementStorePath(runDir, manifest) } : {}),
  };
}
