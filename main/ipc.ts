/**
 * Main's side of the bridge. What is checked here is what only main can check, or what guards
 * main itself: that a message comes from our window's main frame (the IPC security boundary:
 * no iframe, no other window), that it has the envelope's shape (request id, a short command
 * name, strict keys) and that its request id is not already in flight for that sender (the
 * cancel map is keyed by it). The command and its arguments are not checked here: the engine
 * checks them against the command's schema (Engine.dispatch, app/api/rpc/parse-command.ts),
 * once for every transport, and its bad-request or unknown-command error comes back as is.
 * One more thing only main can do: a command that deletes or overwrites (destructive-commands.ts)
 * reaches the engine only once the user said yes in a native dialog; a no refuses it with a
 * bad-request error, and the engine never sees the call.
 * Answers are envelopes (`CallReply`), so a WireError keeps its layer and tag across IPC.
 */
import type { BrowserWindow, IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { z } from 'zod';
import {
  IPC,
  type CallReply,
  type OpenDialogKind,
  describeZodError,
  isBinaryCommand,
  isCommandName,
  RequestId,
  WireError,
  type CommandName,
} from '../app/api/contract.js';
import type { EngineClient } from '../app/api/contract.js';
import { destructiveActionOf, type DestructiveAction } from './destructive-commands.js';

const CallMessage = z
  .object({ requestId: RequestId, command: z.string().min(1).max(100), args: z.unknown() })
  .strict();
const CancelMessage = z.object({ requestId: RequestId }).strict();
const DialogMessage = z.object({ kind: z.enum(['file', 'folder']) }).strict();

export interface IpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler' | 'on' | 'removeListener'>;
  engine: EngineClient;
  /** True when the message comes from our window's main frame (not an iframe, not another window). */
  isTrusted(event: IpcMainEvent | IpcMainInvokeEvent): boolean;
  showOpenDialog(kind: OpenDialogKind): Promise<string | null>;
  /**
   * Asks the user whether a destructive call (deleting a run, overwriting an export or a model)
   * may go ahead, in a dialog on the window of `sender`; true only for a yes.
   */
  confirmDestructive(action: DestructiveAction, sender: WebContents): Promise<boolean>;
  /** Told after each successful command (e.g. to refresh Open recent after openVolume). */
  onCommandDone?(command: CommandName): void;
}

/** Registers the handlers; returns the function that removes them. */
export function registerIpc(options: IpcOptions): () => void {
  const { ipcMain, engine, isTrusted } = options;
  /** Calls in flight, by sender and request id, so `cancel` can abort them. */
  const inFlight = new Map<string, AbortController>();

  ipcMain.handle(IPC.call, async (event, message: unknown): Promise<CallReply> => {
    if (!isTrusted(event)) return refused('call');
    const parsed = CallMessage.safeParse(message);
    if (!parsed.success) return failure('bad-request', `IPC call: ${describeZodError(parsed.error)}`);
    const { requestId, command, args } = parsed.data;
    const key = `${event.sender.id}:${requestId}`;
    if (inFlight.has(key))
      return failure('bad-request', `request id ${JSON.stringify(requestId)} is already in use`);
    const controller = new AbortController();
    inFlight.set(key, controller);
    try {
      const destructive = destructiveActionOf(command, args);
      if (destructive && !(await confirmed(destructive, event.sender, controller.signal)))
        return failure('bad-request', destructive.refusal);
      // Unchecked on purpose: the engine checks the command and its args (see the file comment).
      const outcome = (await engine.call(command as CommandName, args as never, {
        signal: controller.signal,
        onProgress: (task, fraction) => {
          if (!event.sender.isDestroyed())
            event.sender.send(IPC.event, { event: 'progress', id: requestId, task, fraction });
        },
      })) as unknown;
      options.onCommandDone?.(command as CommandName);
      if (isCommandName(command) && isBinaryCommand(command)) {
        const { header, data } = outcome as { header: unknown; data: Uint8Array };
        return { ok: true, header, data };
      }
      return { ok: true, result: outcome };
    } catch (e) {
      return { ok: false, error: wireErrorOf(e) };
    } finally {
      inFlight.delete(key);
    }
  });

  const cancel = (event: IpcMainEvent, message: unknown): void => {
    if (!isTrusted(event)) return;
    const parsed = CancelMessage.safeParse(message);
    if (parsed.success) inFlight.get(`${event.sender.id}:${parsed.data.requestId}`)?.abort();
  };
  ipcMain.on(IPC.cancel, cancel);

  ipcMain.handle(IPC.openDialog, async (event, message: unknown): Promise<string | null> => {
    if (!isTrusted(event)) return null;
    const parsed = DialogMessage.safeParse(message);
    return parsed.success ? options.showOpenDialog(parsed.data.kind) : null;
  });

  /** The user's yes, and the call still wanted (not cancelled while the dialog was up). A failed dialog is a no. */
  const confirmed = async (
    action: DestructiveAction,
    sender: WebContents,
    signal: AbortSignal,
  ): Promise<boolean> => {
    let yes: boolean;
    try {
      yes = await options.confirmDestructive(action, sender);
    } catch {
      yes = false;
    }
    return yes === true && !signal.aborted;
  };

  return () => {
    ipcMain.removeHandler(IPC.call);
    ipcMain.removeHandler(IPC.openDialog);
    ipcMain.removeListener(IPC.cancel, cancel);
    for (const controller of inFlight.values()) controller.abort();
  };
}

/** Sends every engine event to the window's page while it has one; returns the unsubscribe. */
export function forwardEvents(
  engine: EngineClient,
  target: () => Pick<WebContents, 'send' | 'isDestroyed'> | null,
): () => void {
  return engine.onEvent((event) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(IPC.event, event);
  });
}

/**
 * The trust check for `isTrusted`: the message comes from this window's own top frame (not an
 * iframe in it, not another window or webContents). The window may be gone (closed): then nothing is trusted.
 */
export function fromMainFrameOf(
  window: () => BrowserWindow | null,
): (event: IpcMainEvent | IpcMainInvokeEvent) => boolean {
  return (event) => {
    const current = window();
    return (
      current !== null &&
      !current.isDestroyed() &&
      event.sender === current.webContents &&
      event.senderFrame !== null &&
      event.senderFrame === current.webContents.mainFrame
    );
  };
}

/**
 * The WireError in anything an EngineClient rejects with: an error carrying `{layer, tag,
 * message}` (or a `wire` field holding them) keeps them; anything else is an 'internal' error
 * with its message's first line, so the user still learns something.
 */
export function wireErrorOf(e: unknown): WireError {
  const fields = e as { layer?: unknown; tag?: unknown; message?: unknown; wire?: unknown } | null;
  for (const candidate of [
    fields?.wire,
    { layer: fields?.layer, tag: fields?.tag, message: fields?.message },
  ]) {
    const parsed = WireError.safeParse(candidate);
    if (parsed.success) return parsed.data;
  }
  const message = typeof fields?.message === 'string' ? fields.message : String(e);
  return { layer: 'api', tag: 'internal', message: message.split('\n')[0] };
}

function failure(tag: 'bad-request', message: string): CallReply {
  return { ok: false, error: { layer: 'api', tag, message } };
}

function refused(what: string): CallReply {
  return failure('bad-request', `IPC ${what} refused: it did not come from the Isotrope window`);
}
