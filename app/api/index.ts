/** The API layer's public surface: the contract (schemas and types), the engine and its server. */
export {
  connectWebSocket,
  EngineCallError,
  type CallOptions,
  type ConnectOptions,
  type EngineClient,
  type WebSocketConstructor,
} from './client.js';
export { Engine, littleEndianBytes, type CallContext, type EngineOptions } from './engine.js';
export { ApiError, describeZodError, isApiError, toWireError } from './errors.js';
export { forkHostPort, hostClient, type HostPort } from './host-client.js';
export { HostMessage, ParentMessage } from './host-protocol.js';
export { MipTiles } from './mip-tiles.js';
export { binPlane } from './plane-bin.js';
export { previewBox, RunPreviews } from './run-preview.js';
export {
  API_ERROR_TAGS,
  ApiEvent,
  Axis,
  COMMAND_NAMES,
  commands,
  COMPUTE_ERROR_TAGS,
  DType,
  ErrorEvent,
  isBinaryCommand,
  isCommandName,
  PlaneHeader,
  ProgressEvent,
  Request,
  RequestId,
  Response,
  RUN_ERROR_TAGS,
  RunStatusResult,
  SR_ERROR_TAGS,
  VOLUME_ERROR_TAGS,
  VolumeInfo,
  WireError,
  type ApiErrorTag,
  type BinaryCommand,
  type CommandArgs,
  type CommandName,
  type CommandOutcome,
  type CommandResult,
  type Commands,
  type ParsedArgs,
} from './schemas.js';
export { startServer, WS_PATH, type RunningServer, type ServerOptions } from './server.js';
export { stateDir, StateStore } from './state-store.js';
export { packageInfo } from './version.js';
export { MIP_TILE_SIZE, halveMax, pyramidOf, sharedRange } from '../image/index.js';
