/**
 * What `export RUN_DIR` may read, checked before any byte is written: a run whose units are
 * not all journaled is refused unless the caller asks for a partial export (the output then
 * says it is partial), and every journaled unit's chunks must be in the store. RUN_DIR may
 * also be an OME-Zarr store or a stack given directly (no manifest): then there is nothing to
 * check and the export is a plain conversion.
 */
import { join } from 'node:path';
import type { PartialExport } from '../volume/index.js';
import { isRunError, RunError } from './errors.js';
import { missingUnits } from './finalize.js';
import { readJournals } from './journal.js';
import { requireJournaledChunks } from './journaled-chunks.js';
import { readManifest, type RunManifest } from './manifest.js';
import { omeZarrFactory, runOutputPath, type StoreFactory } from './output-store.js';

export interface RunExportSource {
  /** What to open and export: RUN_DIR/output.zarr, or RUN_DIR itself when it is not a run. */
  path: string;
  /** Set when the run is not complete (and `partial` was asked for). */
  partial?: PartialExport;
}

export interface RunExportOptions {
  /** Export a run whose units are not all done (default false: refused with 'incomplete'). */
  partial?: boolean;
  storeFactory?: StoreFactory;
}

async function manifestOrNone(runDir: string): Promise<RunManifest | undefined> {
  try {
    return await readManifest(runDir);
  } catch (e) {
    if (isRunError(e) && e.tag === 'not-a-run') return undefined;
    throw e;
  }
}

/**
 * Checks RUN_DIR for export and says what to read.
 * @example const { path, partial } = await runExportSource('runs/brain', { partial: true })
 */
export async function runExportSource(
  runDir: string,
  options: RunExportOptions = {},
): Promise<RunExportSource> {
  const path = runOutputPath(runDir);
  const manifest = await manifestOrNone(runDir);
  if (!manifest) return { path };
  const done = new Set((await readJournals(runDir)).keys());
  const missing = missingUnits(manifest.grid.units, done);
  if (missing.ids.length > 0 && !options.partial)
    throw new RunError(
      'incomplete',
      `${missing.ids.length} of ${manifest.grid.units} units are not done yet (units ${missing.text}): finish the run, or export what is done with --partial`,
      { file: runDir },
    );
  const store = await (options.storeFactory ?? omeZarrFactory).open(join(runDir, manifest.output.store));
  try {
    await requireJournaledChunks(runDir, store, manifest, done);
  } finally {
    await store.close();
  }
  const unitsDone = manifest.grid.units - missing.ids.length;
  return missing.ids.length > 0
    ? { path, partial: { unitsDone, unitsTotal: manifest.grid.units } }
    : { path };
}
