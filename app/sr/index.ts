/**
 * The SR layer's public list: training, model directories, network runners, inference, model
 * previews, evaluation and metrics.
 */
export { isSrError, SrError, type SrErrorTag } from './errors.js';
export { evaluate, evaluateVolumes, type EvaluatedVolumes, type Evaluation } from './evaluate.js';
export {
  evaluationReport,
  writeEvaluationReport,
  type EvaluationReport,
  type ReportContext,
} from './evaluation-report/report.js';
export {
  CHANNEL_DIR_PREFIX,
  channelModelDir,
  loadModel,
  MODEL_FILE,
  modelFile,
  type LoadedModel,
} from './model-dir.js';
export type { Normalisation } from './normalisation.js';
export { table2, type Table2Row } from './table2.js';
export {
  interpolateZ,
  previewPlane,
  superResolvePadded,
  superResolvePaddedParts,
  zTargetCount,
  type Orientations,
  type PlanePreview,
  type UnitNetworkOptions,
} from './inference/index.js';
export { mirror, supportOf } from './interp/bspline.js';
export { margin, type NetworkConfig } from './networks/architecture.js';
export { initWeights, type WeightMap } from './networks/init.js';
export { createRunner, type EngineChoice, type NetworkRunner } from './networks/runner.js';
export { trainingPreset } from './training/settings.js';
export { refuseExistingModel, train, type TrainProgress, type TrainResult } from './training/train.js';
export { channelModels, type ChannelModel } from './training/channel-plan.js';
export {
  refuseExistingModels,
  trainChannels,
  type ChannelTrainResult,
  type TrainChannelsResult,
} from './training/train-channels.js';
export {
  estimateSliceProfile,
  PROFILE_METHOD,
  type ProfileEstimateOptions,
  type SliceProfileEstimate,
} from './profile/index.js';
export type { FwhmSource, ResolvedDegradation } from './training/volume-degradation.js';
