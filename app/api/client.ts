/**
 * The engine API as a UI sees it, whatever the transport: `call` a command with typed
 * arguments and get its typed outcome (binary commands: `{header, data}`), listen to events.
 * `connectWebSocket` (browser mode, tests) and `fromBridge` (Electron preload) both return one.
 */
import type { ApiEvent, CommandArgs, CommandName, CommandOutcome } from './schemas.js';

export interface CallOptions {
  /** Progress of this call (e.g. generating the sample). */
  onProgress?: (task: string, fraction: number) => void;
  /** Abandons the call: the engine aborts it and the promise rejects with an 'aborted' error. */
  signal?: AbortSignal;
}

export interface EngineClient {
  call<C extends CommandName>(command: C, args: CommandArgs<C>, options?: CallOptions): Promise<CommandOutcome<C>>;
  /** Every event the engine broadcasts (jobs, metrics, units, previews, errors); returns the unsubscribe. */
  onEvent(listener: (event: ApiEvent) => void): () => void;
  close(): void;
}
