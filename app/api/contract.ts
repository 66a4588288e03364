/**
 * What may be loaded of the API without the engine (the renderer bundle, Electron's main process):
 * the contract, its errors and the clients over WebSocket and the preload bridge.
 */
export {
  fromBridge,
  IPC,
  type CallReply,
  type EngineBridge,
  type MenuAction,
  type OpenDialogKind,
} from './bridge.js';
export { connectWebSocket, EngineCallError, type CallOptions, type EngineClient } from './client.js';
export { describeZodError } from './errors.js';
export { EXPORT_FORMATS, type ExportFormat } from '../volume/export-options.js';
export {
  isBinaryCommand,
  isCommandName,
  RequestId,
  WireError,
  type ApiEvent,
  type Axis,
  type Box,
  type CommandArgs,
  type CommandName,
  type CommandOutcome,
  type ImageSource,
  type RunImage,
  type JobInfo,
  type JobState,
  type MipAxis,
  type MipInfoResult,
  type MipTileHeader,
  type ModelPreviewHeader,
  type PlaneHeader,
  type PreviewHeader,
  type ProfileEstimate,
  type RecentFile,
  type RunSummary,
  type TrainingMetricsEvent,
  type VolumeInfo,
} from './schemas.js';
