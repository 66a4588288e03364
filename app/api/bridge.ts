/**
 * The engine API as the Electron preload hands it to the renderer (`window.isotrope`), and
 * `fromBridge`, which turns that bridge into the same `EngineClient` the WebSocket transport
 * gives. The IPC channel names and payload shapes are defined here once, for the preload, the
 * main process and the renderer. This file runs in the renderer: no Node or Electron imports.
 *
 * @example
 *   const client = fromBridge(window.isotrope);
 *   const { version } = await client.call('health', {});
 */
import { EngineCallError, type CallOptions, type EngineClient } from './client.js';
import type { ApiEvent, CommandArgs, CommandName, CommandOutcome, RequestId, WireError } from './schemas.js';

/** IPC channels between preload and main (one place, so neither side spells them twice). */
export const IPC = {
  /** renderer → main, invoke: `CallRequest` → `CallReply`. */
  call: 'isotrope:call',
  /** renderer → main, send: `{requestId}` abandons that call. */
  cancel: 'isotrope:cancel',
  /** renderer → main, invoke: `{kind}` → a path or null. */
  openDialog: 'isotrope:open-dialog',
  /** main → renderer: every `ApiEvent` (progress events carry the request id they belong to). */
  event: 'isotrope:event',
  /** main → renderer: a `MenuAction` chosen in the native menu (or the resume offer). */
  menu: 'isotrope:menu',
} as const;

/** What the renderer sends on `IPC.call`; main validates it (shape, command name, the command's args). */
export interface CallRequest { requestId: RequestId; command: string; args: unknown }

/**
 * What main answers on `IPC.call`. An envelope rather than a rejection: `ipcMain.handle`
 * rejections reach the renderer as a bare Error and lose the WireError's layer and tag.
 */
export type CallReply =
  | { ok: true; result: unknown }
  | { ok: true; header: unknown; data: Uint8Array }
  | { ok: false; error: WireError };

/** A native menu action, forwarded to the renderer, which does the work through the engine API. */
export type MenuAction =
  /** Open this stack (file or folder of TIFFs). */
  | { action: 'open'; path: string }
  /** Show this run (from Open recent). */
  | { action: 'showRun'; runDir: string }
  /** Use this model directory (from Open recent). */
  | { action: 'showModel'; modelDir: string }
  /** Add and resume this run directory (Resume run…, or the start-up resume offer after it resumed). */
  | { action: 'resumeRun'; runDir: string }
  /** Export the run on screen (the renderer knows which one and asks where to). */
  | { action: 'export' };

export type OpenDialogKind = 'file' | 'folder';

/** `window.isotrope`: the only thing the preload exposes. */
export interface EngineBridge {
  /** Runs a command; resolves with the envelope (never rejects for engine errors). */
  call(command: string, args: unknown, requestId: RequestId): Promise<CallReply>;
  /** Abandons the call with this id: it answers with an 'aborted' error. */
  cancel(requestId: RequestId): void;
  /** Every engine event; returns the unsubscribe. */
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /** Native menu actions; returns the unsubscribe. */
  onMenu(listener: (action: MenuAction) => void): () => void;
  /** The native open dialog; the chosen path, or null when cancelled. */
  showOpenDialog(options: { kind: OpenDialogKind }): Promise<string | null>;
  /** The file-system path of a dropped File (Electron's webUtils; '' for files not from disk). */
  pathForFile(file: File): string;
}

/** Re-exported: the one error class every transport's client rejects with. */
export { EngineCallError };

/**
 * The renderer's EngineClient over the bridge. Request ids are unique per client (a random
 * prefix, so two clients in one window never collide); an AbortSignal becomes `cancel(id)`;
 * progress events are routed to the `onProgress` of the call whose id they carry, and only
 * events of no pending call reach `onEvent` listeners.
 */
export function fromBridge(bridge: EngineBridge): EngineClient {
  const prefix = Math.random().toString(36).slice(2, 10);
  let next = 1;
  const progress = new Map<RequestId, NonNullable<CallOptions['onProgress']>>();
  const listeners = new Set<(event: ApiEvent) => void>();
  const unsubscribe = bridge.onEvent((event) => {
    if (event.event === 'progress' && progress.has(event.id)) {
      progress.get(event.id)!(event.task, event.fraction);
      return;
    }
    for (const listener of listeners) listener(event);
  });

  async function call<C extends CommandName>(command: C, args: CommandArgs<C>, options: CallOptions = {}): Promise<CommandOutcome<C>> {
    const requestId = `${prefix}-${next++}`;
    const { signal, onProgress } = options;
    const abort = (): void => bridge.cancel(requestId);
    signal?.addEventListener('abort', abort, { once: true });
    if (onProgress) progress.set(requestId, onProgress);
    try {
      const pending = bridge.call(command, args, requestId);
      // Already aborted: still sent, then cancelled at once, so the engine answers with its own 'aborted' error.
      if (signal?.aborted) abort();
      const reply = await pending;
      if (!reply.ok) throw new EngineCallError(reply.error);
      return ('data' in reply ? { header: reply.header, data: reply.data } : reply.result) as CommandOutcome<C>;
    } finally {
      signal?.removeEventListener('abort', abort);
      progress.delete(requestId);
    }
  }

  return {
    call,
    onEvent(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    close() {
      unsubscribe();
      listeners.clear();
    },
  };
}
