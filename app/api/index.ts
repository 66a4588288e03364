/** The API layer's public surface: the contract (schemas and types), the engine and its server. */
export {
  commands, COMMAND_NAMES, isCommandName, isBinaryCommand, Axis, DType, VolumeInfo, PlaneHeader, RunStatusResult,
  WireError, ProgressEvent, ErrorEvent, ApiEvent, Request, Response, RequestId,
  VOLUME_ERROR_TAGS, SR_ERROR_TAGS, RUN_ERROR_TAGS, COMPUTE_ERROR_TAGS, API_ERROR_TAGS,
} from './schemas.js';
export type {
  Commands, CommandName, CommandArgs, ParsedArgs, CommandResult, CommandOutcome, BinaryCommand, ApiErrorTag,
} from './schemas.js';
export { Engine, littleEndianBytes } from './engine.js';
export type { CallContext, EngineOptions } from './engine.js';
export { ApiError, isApiError, toWireError, describeZodError } from './errors.js';
export { startServer, WS_PATH } from './server.js';
export type { ServerOptions, RunningServer } from './server.js';
export { packageInfo } from './version.js';
export { connectWebSocket, EngineCallError } from './client.js';
export type { EngineClient, CallOptions, ConnectOptions, WebSocketConstructor } from './client.js';
export { hostClient, forkHostPort } from './host-client.js';
export type { HostPort } from './host-client.js';
export { ParentMessage, HostMessage } from './host-protocol.js';
export { StateStore, stateDir } from './state-store.js';
export { MipTiles } from './mip-tiles.js';
export { MIP_TILE_SIZE, halveMax, pyramidOf, sharedRange } from '../image/index.js';
export { RunPreviews, previewBox } from './run-preview.js';
export { binPlane } from './plane-bin.js';
