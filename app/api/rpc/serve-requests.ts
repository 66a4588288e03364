/**
 * The one server side of the engine's RPC, for any transport (the WebSocket server, the engine
 * host): parses each request, refuses an id already in flight on this connection, refuses a
 * request beyond the connection's cap on requests in flight (tag `busy`), aborts a request on
 * `{cancel: id}`, sends its progress as events carrying its id, and answers with its
 * result, its header and bytes (binary commands), or its error as a WireError. Arguments are
 * not checked here: `dispatch` (Engine.dispatch) checks them against the command's schema,
 * once, for every transport. Nothing a client sends, and no result that fails to go out, throws
 * out of the loop: a transport's failure to send is reported once as an `internal` reply.
 *
 * @example
 *   const loop = serveRequests(engine, (message) => socket.send(encode(message)));
 *   socket.on('message', (text) => loop.receive(JSON.parse(text)));
 *   socket.on('close', () => loop.close('connection closed'));
 */
import { describeZodError, toWireError } from '../errors.js';
import { CancelRequest, isBinaryCommand, isCommandName, Request, type RequestId } from '../schemas.js';
import type { ServerMessage } from './messages.js';

/** What the loop needs of the engine: Engine.dispatch's shape. */
export interface Dispatcher {
  dispatch(
    command: string,
    args: unknown,
    ctx: { signal?: AbortSignal; onProgress?: (task: string, fraction: number) => void },
  ): Promise<unknown>;
}

export interface RequestLoopOptions {
  /**
   * Requests one connection may have in flight at once; one more is refused with tag `busy`.
   * Default: no cap (the engine host's one trusted parent). The WebSocket server sets one, so
   * that a single client cannot queue unbounded work.
   */
  maxInFlight?: number;
}

export interface RequestLoop {
  /** One message from the client, as parsed from its frame (unchecked). */
  receive(message: unknown): void;
  /** The connection is gone: every request in flight is aborted with `reason`, and nothing more is sent. */
  close(reason: string): void;
}

/** A request refused before it ran, as a bad-request reply (id null when it had none). */
export function badRequest(id: RequestId | null, message: string): ServerMessage {
  return { id, ok: false, error: { layer: 'api', tag: 'bad-request', message } };
}

/** A request refused because its connection already has `maxInFlight` requests running. */
export function busy(id: RequestId, message: string): ServerMessage {
  return { id, ok: false, error: { layer: 'api', tag: 'busy', message } };
}

/** Serves one connection: requests may overlap; each reply carries its id. `post` sends one message. */
export function serveRequests(
  dispatcher: Dispatcher,
  post: (message: ServerMessage) => void,
  options: RequestLoopOptions = {},
): RequestLoop {
  const maxInFlight = options.maxInFlight ?? Infinity;
  const inFlight = new Map<RequestId, AbortController>();
  let closed = false;
  // A post that throws (a result JSON cannot encode, a transport gone) must not escape: the loop's
  // promises are not awaited, so it would be an unhandled rejection that ends the process.
  const send = (message: ServerMessage): boolean => {
    if (closed) return true;
    try {
      post(message);
      return true;
    } catch {
      return false;
    }
  };
  const sendOrReport = (id: RequestId, message: ServerMessage): void => {
    if (send(message)) return;
    const failure = toWireError(new Error(`the reply to request ${JSON.stringify(id)} could not be sent`));
    send({ id, ok: false, error: failure });
  };

  async function run(id: RequestId, command: string, args: unknown, abort: AbortController): Promise<void> {
    const ctx = {
      signal: abort.signal,
      onProgress: (task: string, fraction: number) => send({ event: 'progress', id, task, fraction }),
    };
    try {
      const outcome = await dispatcher.dispatch(command, args, ctx);
      if (isCommandName(command) && isBinaryCommand(command)) {
        const { header, data } = outcome as { header: unknown; data: Uint8Array };
        sendOrReport(id, { id, ok: true, binary: true, header, data });
      } else {
        sendOrReport(id, { id, ok: true, result: outcome });
      }
    } catch (e) {
      sendOrReport(id, { id, ok: false, error: toWireError(e) });
    } finally {
      inFlight.delete(id);
    }
  }

  return {
    receive(message) {
      if (closed) return;
      const cancel = CancelRequest.safeParse(message);
      if (cancel.success) {
        inFlight.get(cancel.data.cancel)?.abort(new Error('cancelled by the client'));
        return;
      }
      const request = Request.safeParse(message);
      if (!request.success) {
        const id = Request.shape.id.safeParse((message as { id?: unknown } | null)?.id);
        send(badRequest(id.success ? id.data : null, `bad request: ${describeZodError(request.error)}`));
        return;
      }
      const { id, command, args } = request.data;
      // Two requests with one id could not be told apart in their replies, nor cancelled one by one.
      if (inFlight.has(id)) {
        send(badRequest(id, `request id ${JSON.stringify(id)} is already in use`));
        return;
      }
      if (inFlight.size >= maxInFlight) {
        send(
          busy(id, `${maxInFlight} requests are already in flight on this connection; retry after a reply`),
        );
        return;
      }
      const abort = new AbortController();
      inFlight.set(id, abort);
      void run(id, command, args, abort);
    },
    close(reason) {
      closed = true;
      for (const abort of inFlight.values()) abort.abort(new Error(reason));
      inFlight.clear();
    },
  };
}
