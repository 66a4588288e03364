/**
 * The one client side of the engine's RPC, over any message channel: request ids, the calls in
 * flight, abort as a cancel message, progress to the call it belongs to, events to listeners,
 * binary replies, and a check of every reply against the protocol (messages.ts) and then the
 * command's own result or header schema (schemas.ts `commands`). The WebSocket client, the
 * Electron bridge's client and the engine-host client are adapters that make a channel.
 * Runs in browsers: no Node imports.
 *
 * @example
 *   const client = rpcClient({ post, onMessage, onClose, close });
 *   const { version } = await client.call('health', {});
 */
import { describeZodError } from '../errors.js';
import {
  ApiEvent,
  commands,
  isBinaryCommand,
  isCommandName,
  type CommandArgs,
  type CommandName,
  type CommandOutcome,
  type RequestId,
  type WireError,
} from '../schemas.js';
import { EngineCallError, type CallOptions, type EngineClient } from './engine-client.js';
import { ReplyMessage, type ClientMessage } from './messages.js';
import { listeners } from './listeners.js';

/** A message channel to one server loop, as each transport provides it. */
export interface RpcChannel {
  /** Sends one message to the server. */
  post(message: ClientMessage): void;
  /** Every message from the server (replies, progress, events), unchecked; returns the unsubscribe. */
  onMessage(listener: (message: unknown) => void): () => void;
  /**
   * Told when the channel closes or fails, with the error that calls in flight reject with;
   * returns the unsubscribe.
   */
  onClose(listener: (reason: WireError) => void): () => void;
  /** Closes the channel (when the client is closed). */
  close(): void;
}

interface PendingCall {
  command: string;
  onProgress?: CallOptions['onProgress'];
  resolve(outcome: unknown): void;
  reject(error: Error): void;
}

/** A problem of the client's own (closed, malformed reply) in the wire shape calls reject with. */
function internal(message: string): WireError {
  return { layer: 'api', tag: 'internal', message };
}

function isEventMessage(message: unknown): message is { event: unknown; fraction?: unknown } {
  return typeof message === 'object' && message !== null && 'event' in message;
}

/**
 * A progress event with its fraction clamped to 0…1: rounding in the engine may overshoot by
 * an ulp, and that should not make the whole event malformed.
 */
function clampedProgress(message: { event: unknown; fraction?: unknown }): unknown {
  if (message.event !== 'progress' || typeof message.fraction !== 'number') return message;
  return { ...message, fraction: Math.min(1, Math.max(0, message.fraction)) };
}

/**
 * The outcome a checked reply resolves its call with: the command's result (or header and
 * bytes) parsed by the command's schema, or the WireError saying why the reply is unusable.
 */
function checkedOutcome(
  command: string,
  reply: ReplyMessage & { ok: true },
): { outcome: unknown } | { error: WireError } {
  if (!isCommandName(command)) {
    return { error: internal(`a reply to the unknown command ${JSON.stringify(command)}`) };
  }
  const binary = isBinaryCommand(command);
  if (binary !== 'binary' in reply) {
    const expected = binary ? 'binary' : 'JSON';
    return { error: internal(`malformed reply to ${command}: expected a ${expected} reply`) };
  }
  const checked = commands[command].result.safeParse('binary' in reply ? reply.header : reply.result);
  if (!checked.success) {
    return { error: internal(`malformed reply to ${command}: ${describeZodError(checked.error)}`) };
  }
  if ('binary' in reply) return { outcome: { header: checked.data, data: reply.data } };
  return { outcome: checked.data };
}

/**
 * An EngineClient over `channel`. Request ids are unique per client (a random prefix, so two
 * clients on one channel never collide). When the channel closes, every call in flight and
 * every later one rejects with the channel's reason; `close()` rejects them with 'the client
 * was closed' after asking the engine to cancel them.
 */
export function rpcClient(channel: RpcChannel): EngineClient {
  const prefix = Math.random().toString(36).slice(2, 10);
  let nextId = 1;
  const pending = new Map<RequestId, PendingCall>();
  const eventListeners = listeners<ApiEvent>();
  let closed: WireError | undefined;

  const emit = (event: ApiEvent): void => eventListeners.emit(event);

  const rejectAll = (reason: WireError): void => {
    closed ??= reason;
    const calls = [...pending.values()];
    pending.clear();
    for (const call of calls) call.reject(new EngineCallError(closed));
  };

  const receiveEvent = (message: { event: unknown; fraction?: unknown }): void => {
    const parsed = ApiEvent.safeParse(clampedProgress(message));
    if (!parsed.success) {
      const problem = describeZodError(parsed.error);
      emit({ event: 'error', error: internal(`malformed event from the engine: ${problem}`) });
      return;
    }
    const event = parsed.data;
    const call = event.event === 'progress' ? pending.get(event.id) : undefined;
    // Progress of a call in flight is that call's; only events of no pending call reach listeners.
    if (call && event.event === 'progress') call.onProgress?.(event.task, event.fraction);
    else emit(event);
  };

  /** A message that is no reply: the call it names (if any) fails with why, else the listeners hear of it. */
  const receiveMalformed = (message: unknown, problem: string): void => {
    const id = (message as { id?: unknown } | null)?.id;
    const call = typeof id === 'string' || typeof id === 'number' ? pending.get(id) : undefined;
    if (!call) {
      emit({ event: 'error', error: internal(`malformed message from the engine: ${problem}`) });
      return;
    }
    pending.delete(id as RequestId);
    call.reject(new EngineCallError(internal(`malformed reply to ${call.command}: ${problem}`)));
  };

  const receive = (message: unknown): void => {
    if (isEventMessage(message)) return receiveEvent(message);
    const parsed = ReplyMessage.safeParse(message);
    if (!parsed.success) return receiveMalformed(message, describeZodError(parsed.error));
    const reply = parsed.data;
    const call = reply.id === null ? undefined : pending.get(reply.id);
    if (!call || reply.id === null) {
      // An error tied to no request (e.g. an unreadable one) goes to the listeners;
      // a stray result has no one to go to.
      if (!reply.ok) emit({ event: 'error', error: reply.error });
      return;
    }
    pending.delete(reply.id);
    if (!reply.ok) return call.reject(new EngineCallError(reply.error));
    const checked = checkedOutcome(call.command, reply);
    if ('error' in checked) call.reject(new EngineCallError(checked.error));
    else call.resolve(checked.outcome);
  };

  const stopListening = channel.onMessage(receive);
  const stopWatching = channel.onClose(rejectAll);

  function call<C extends CommandName>(
    command: C,
    args: CommandArgs<C>,
    options: CallOptions = {},
  ): Promise<CommandOutcome<C>> {
    if (closed) return Promise.reject(new EngineCallError(closed));
    const id = `${prefix}-${nextId++}`;
    const { signal, onProgress } = options;
    return new Promise<CommandOutcome<C>>((resolve, reject) => {
      const cancel = (): void => {
        if (closed) return;
        try {
          channel.post({ cancel: id });
        } catch {
          // The channel is going away: its close settles this call, with the reason.
        }
      };
      const settled = (): void => signal?.removeEventListener('abort', cancel);
      pending.set(id, {
        command,
        onProgress,
        resolve: (outcome) => {
          settled();
          resolve(outcome as CommandOutcome<C>);
        },
        reject: (error) => {
          settled();
          reject(error);
        },
      });
      try {
        channel.post({ id, command, args });
      } catch (e) {
        pending.delete(id);
        const reason = e instanceof Error ? e.message : String(e);
        reject(new EngineCallError(internal(`could not send ${command}: ${reason}`)));
        return;
      }
      // Already aborted: sent and cancelled at once, so the engine answers with its own 'aborted' error.
      if (signal?.aborted) cancel();
      else signal?.addEventListener('abort', cancel, { once: true });
    });
  }

  return {
    call,
    onEvent: (listener) => eventListeners.add(listener),
    close() {
      // Nobody will read the answers: let the engine stop the work, then settle the calls here.
      if (!closed) for (const id of pending.keys()) channel.post({ cancel: id });
      eventListeners.clear();
      stopListening();
      stopWatching();
      rejectAll(internal('the client was closed'));
      channel.close();
    },
  };
}
