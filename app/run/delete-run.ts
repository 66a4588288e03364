/**
 * Deleting a run directory (`cancelRun {deleteOutput}`): only a directory whose manifest
 * parses as an Isotrope run, only while no process holds a live lock on any of its shards, and
 * only the entries a run writes (README.md's table). Anything else in the folder — a user's
 * notes, a file saved there by mistake — stays, and so does the folder then. A mistyped path
 * or a run another process is still writing must never lose data.
 *
 * The manifest goes first (moved aside under a temp name), so no process can join or resume
 * the run while it is being emptied; the locks are read again after that, and the manifest is
 * put back if a process took a lock in between.
 */
import { readdir, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isTempFile, temporaryPath } from '../volume/index.js';
import { RunError } from './errors.js';
import { MANIFEST, readManifest } from './manifest.js';
import { RUN_MODEL_DIR } from './model-copy.js';
import { liveLocks } from './lock.js';
import { FINALIZED } from './status.js';

/** Names a run writes at its top level (besides the manifest), and the shapes of its journals and locks. */
const RUN_ENTRIES = new Set([RUN_MODEL_DIR, 'output.zarr', 'mips', 'preview', 'compare', FINALIZED]);
// Journals, locks, and a lock's takeover claim that a crashed taker left (lock.ts).
const RUN_ENTRY_PATTERNS = [
  /^journal(\.\d+-of-\d+)?\.ndjson$/,
  /^lock\.\d+-of-\d+\.json/,
  /^\.lock\.\d+-of-\d+\.json\..+\.takeover$/,
];

/** True for a top-level entry of a run directory that the run itself wrote. */
export function isRunEntry(name: string): boolean {
  return (
    name === MANIFEST ||
    RUN_ENTRIES.has(name) ||
    RUN_ENTRY_PATTERNS.some((pattern) => pattern.test(name)) ||
    isTempFile(name)
  );
}

export interface DeleteRunResult {
  /** The folder itself is gone (it held nothing but the run's entries). */
  removed: boolean;
  /** Entries left in place because the run did not write them. */
  kept: string[];
}

async function refuseIfLive(runDir: string): Promise<void> {
  const processes = await liveLocks(runDir);
  if (processes.length === 0) return;
  const holder = processes[0];
  throw new RunError(
    'locked',
    `not deleting: shard ${holder.shard} is being processed by pid ${holder.pid} on ${holder.hostname} (stop it first; its lock goes stale 30 s after it stops)`,
    { file: runDir },
  );
}

/**
 * Deletes the run's own entries, then the folder if nothing else is left.
 * Throws RunError 'not-a-run' (no run manifest) or 'locked' (a live process).
 * @example const { removed, kept } = await deleteRun('/data/runs/brain')
 */
export async function deleteRun(runDir: string): Promise<DeleteRunResult> {
  try {
    await readManifest(runDir);
  } catch (cause) {
    throw new RunError('not-a-run', 'not deleting: the folder holds no Isotrope run', {
      file: runDir,
      cause,
    });
  }
  await refuseIfLive(runDir);
  const manifest = join(runDir, MANIFEST);
  const asideManifest = temporaryPath(manifest);
  await rename(manifest, asideManifest);
  try {
    await refuseIfLive(runDir);
  } catch (refusal) {
    await rename(asideManifest, manifest);
    throw refusal;
  }
  const kept: string[] = [];
  for (const name of await readdir(runDir)) {
    if (!isRunEntry(name)) {
      kept.push(name);
      continue;
    }
    if (join(runDir, name) === asideManifest) continue;
    await rm(join(runDir, name), { recursive: true, force: true });
  }
  // The manifest last: until here, the folder still says what it is.
  await rm(asideManifest, { force: true });
  if (kept.length > 0) return { removed: false, kept: kept.sort() };
  try {
    await rmdir(runDir);
  } catch (cause) {
    // Something appeared meanwhile: it is not ours to delete.
    if ((cause as { code?: unknown }).code !== 'ENOTEMPTY') throw cause;
    return { removed: false, kept: (await readdir(runDir)).sort() };
  }
  return { removed: true, kept };
}
