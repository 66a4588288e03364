/**
 * The one server side of the engine's RPC, for any transport (the WebSocket server, the engine
 * host): parses each request, refuses an id already in flight on this connection, aborts a
 * request on `{cancel: id}`, sends its progress as events carrying its id, and answers with its
 * result, its header and bytes (binary commands), or its error as a WireError. Arguments are
 * not checked here: `dispatch` (Engine.dispatch) checks them against the command's schema,
 * once, for every transport.
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

/** Serves one connection: requests may overlap; each reply carries its id. `post` sends one message. */
export function serveRequests(dispatcher: Dispatcher, post: (message: ServerMessage) => void): RequestLoop {
  const inFlight = new Map<RequestId, AbortController>();
  let closed = false;
  const send = (message: ServerMessage): void => {
    if (!closed) post(message);
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
        send({ id, ok: true, binary: true, header, data });
      } else {
        send({ id, ok: true, result: outcome });
      }
    } catch (e) {
      send({ id, ok: false, error: toWireError(e) });
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
