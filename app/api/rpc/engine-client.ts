/**
 * The engine API as a UI sees it, whatever the transport: `call` a command with typed
 * arguments and get its typed outcome (binary commands: `{header, data}`), listen to events.
 * Every transport's client (WebSocket, Electron bridge, engine host) is one of these, made by
 * the one client core (client-core.ts). Runs in browsers: no Node imports.
 */
import type { ApiEvent, CommandArgs, CommandName, CommandOutcome, WireError } from '../schemas.js';

export interface CallOptions {
  /** Progress of this call (e.g. generating the sample). */
  onProgress?: (task: string, fraction: number) => void;
  /** Abandons the call: the engine aborts it and the promise rejects with an 'aborted' error. */
  signal?: AbortSignal;
}

export interface EngineClient {
  call<C extends CommandName>(
    command: C,
    args: CommandArgs<C>,
    options?: CallOptions,
  ): Promise<CommandOutcome<C>>;
  /** Every event the engine broadcasts (jobs, metrics, units, previews, errors); returns the unsubscribe. */
  onEvent(listener: (event: ApiEvent) => void): () => void;
  close(): void;
}

/**
 * A failed call, as every EngineClient rejects: the wire error's layer, tag and message as
 * fields (code branches on `tag`, never on `instanceof`, which does not survive a transport).
 */
export class EngineCallError extends Error {
  override readonly name = 'EngineCallError';
  readonly layer: WireError['layer'];
  readonly tag: WireError['tag'];
  readonly wire: WireError;

  constructor(wire: WireError) {
    super(wire.message);
    this.layer = wire.layer;
    this.tag = wire.tag;
    this.wire = wire;
  }
}
