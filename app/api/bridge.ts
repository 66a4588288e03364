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
import { rpcClient, type RpcChannel } from './rpc/client-core.js';
import { listeners } from './rpc/listeners.js';
import { EngineCallError, type EngineClient } from './rpc/engine-client.js';
import type { ReplyMessage } from './rpc/messages.js';
import type { ApiEvent, RequestId, WireError } from './schemas.js';

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

/**
 * What the renderer sends on `IPC.call`. Main checks its shape and sender; the engine checks the
 * command and its args (Engine.dispatch), once for every transport.
 */
export interface CallRequest {
  requestId: RequestId;
  command: string;
  args: unknown;
}

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

/** Main's envelope for the call `id` as the core's reply message. */
function replyMessageOf(id: RequestId, reply: CallReply): ReplyMessage {
  if (!reply.ok) return { id, ok: false, error: reply.error };
  if ('data' in reply) return { id, ok: true, binary: true, header: reply.header, data: reply.data };
  return { id, ok: true, result: reply.result };
}

/**
 * The bridge as the core's channel: a request is one `bridge.call`, whose envelope comes back
 * as the reply message; a cancel is `bridge.cancel`; events (progress with its request id
 * among them) come from `bridge.onEvent`. IPC to main never closes while the page lives.
 */
function bridgeChannel(bridge: EngineBridge): RpcChannel {
  const replies = listeners<unknown>();
  const deliver = (message: unknown): void => replies.emit(message);
  return {
    post(message) {
      if ('cancel' in message) return bridge.cancel(message.cancel);
      const { id } = message;
      bridge.call(message.command, message.args, id).then(
        (reply) => deliver(replyMessageOf(id, reply)),
        // The invoke itself failed (e.g. main has no handler): that call fails, with the reason.
        (e: unknown) => {
          const reason = e instanceof Error ? e.message : String(e);
          deliver({ id, ok: false, error: { layer: 'api', tag: 'internal', message: reason } });
        },
      );
    },
    onMessage(listener) {
      const stopReplies = replies.add(listener);
      const stopEvents = bridge.onEvent(listener);
      return () => {
        stopReplies();
        stopEvents();
      };
    },
    onClose: () => () => undefined,
    close: () => undefined,
  };
}

/**
 * The renderer's EngineClient over the bridge, by the one client core (rpc/client-core.ts):
 * request ids unique per client, an AbortSignal becomes `cancel(id)`, progress events go to
 * the `onProgress` of the call whose id they carry (only events of no pending call reach
 * `onEvent` listeners), and every reply is checked against the command's schema.
 */
export function fromBridge(bridge: EngineBridge): EngineClient {
  return rpcClient(bridgeChannel(bridge));
}
