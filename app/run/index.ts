/**
 * Resumable inference runs (issue 6): the explicit list of what the CLI, the API and the UI
 * may use. See README.md in this folder for the run directory's layout.
 */
export { RunError, isRunError, type RunErrorTag } from './errors.js';
export { createRun, describeRun, type CreateRunOptions } from './create-run.js';
export { executeRun, verifyRun, type ExecuteOptions, type ExecuteResult, type StageSeconds } from './execute-run.js';
export { runStatus, type RunStatus } from './status.js';
export { finalizeRun, missingUnits, type FinalizeResult } from './finalize.js';
export { compareRun, type CompareResult } from './compare.js';
export type { RunEvent, UnitDoneEvent, ProgressEvent, RunStartEvent } from './events.js';
export { readManifest, type RunManifest, type RunParams } from './manifest.js';
export { readJournals, type JournalEntry } from './journal.js';
export { assembleMips, type Projections, type Projection } from './mips.js';
export { assemblePreview, previewGeometry, type PreviewSource } from './preview.js';
export { unitOf, unitCount, unitsOfShard, parseShard, type UnitGrid, type Unit, type Shard } from './unit-grid.js';
export { computeUnit, type UnitSlabs } from './compute-unit.js';
export { omeZarrFactory, type OutputStore, type StoreFactory, type StoreSpec, type OutputDType } from './output-store.js';
