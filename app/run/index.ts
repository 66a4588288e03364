/**
 * Resumable inference runs (issue 6): the explicit list of what the CLI, the API and the UI
 * may use. See README.md in this folder for the run directory's layout.
 */
export { compareRun, figureNames, type CompareResult, type FigureNames } from './compare.js';
export { computeUnit, type UnitSlabs } from './compute-unit.js';
export { createRun, describeRun, type CreateRunOptions } from './create-run.js';
export {
  DISAGREEMENT_IMAGE,
  disagreementPreview,
  disagreementStorePath,
  hasConfidence,
} from './disagreement.js';
export { deleteRun, isRunEntry, type DeleteRunResult } from './delete-run.js';
export { isRunError, RunError, type RunErrorTag } from './errors.js';
export type { ProgressEvent, RunEvent, RunStartEvent, UnitDoneEvent } from './events.js';
export {
  executeRun,
  verifyRun,
  type ExecuteOptions,
  type ExecuteResult,
  type StageSeconds,
} from './execute-run.js';
export { runExportSource, type RunExportOptions, type RunExportSource } from './export-check.js';
export { finalizeRun, missingUnits, type FinalizeResult } from './finalize.js';
export { CONFIDENCE_DEFAULT } from './run-options.js';
export { missingJournaledChunks, requireJournaledChunks, type MissingChunk } from './journaled-chunks.js';
export { readJournals, type JournalEntry } from './journal.js';
export { MANIFEST, readManifest, type RunManifest, type RunParams } from './manifest.js';
export {
  assembleMips,
  AXES,
  emptyProjections,
  foldUnitMips,
  foldUnitDisagreementMips,
  assembleDisagreementMips,
  type Axis,
  type Projection,
  type Projections,
} from './mips.js';
export {
  omeZarrFactory,
  runOutputPath,
  type OutputDType,
  type OutputStore,
  type PlanePosition,
  type StoreFactory,
  type StoreSpec,
} from './output-store.js';
export { PreviewAssembly } from './preview-assembly.js';
export { assemblePreview, previewGeometry, type PreviewSource } from './preview.js';
export { runStatus, type RunStatus } from './status.js';
export {
  findPlane,
  planesOf,
  recordedPlanes,
  runChannels,
  type RunChannel,
  type RunPlane,
  type RunPlanes,
} from './run-planes.js';
export { resolveRunModels, type RunChannelModel, type RunModels } from './run-models.js';
export {
  parseShard,
  unitCount,
  unitOf,
  unitsOfPlane,
  unitsOfShard,
  type Shard,
  type Unit,
  type UnitGrid,
} from './unit-grid.js';
