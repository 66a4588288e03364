/**
 * In-memory channels for the RPC core's tests: `scriptedChannel` records what the client posts
 * and lets the test play the server (any message, malformed ones too); `loopbackPair` wires a
 * client core to the real server loop (serve-requests.ts) over a `Dispatcher` the test writes.
 * Messages cross on a microtask, as over a real transport they never arrive synchronously.
 */
import type { RpcChannel } from '../../../app/api/rpc/client-core.js';
import { rpcClient } from '../../../app/api/rpc/client-core.js';
import type { EngineClient } from '../../../app/api/rpc/engine-client.js';
import type { ClientMessage, ServerMessage } from '../../../app/api/rpc/messages.js';
import { serveRequests, type Dispatcher, type RequestLoop } from '../../../app/api/rpc/serve-requests.js';
import type { WireError } from '../../../app/api/schemas.js';

export interface ScriptedChannel extends RpcChannel {
  /** Every message the client posted, in order. */
  posted: ClientMessage[];
  /** Hands the client one server message (as the transport would, unchecked). */
  deliver(message: unknown): void;
  /** The transport closed or failed with this reason. */
  fail(reason: WireError): void;
  /** How many times the client closed the channel. */
  closes: number;
}

export function scriptedChannel(): ScriptedChannel {
  const messageListeners = new Set<(message: unknown) => void>();
  const closeListeners = new Set<(reason: WireError) => void>();
  const channel: ScriptedChannel = {
    posted: [],
    closes: 0,
    post: (message) => {
      channel.posted.push(message);
    },
    onMessage: (listener) => {
      messageListeners.add(listener);
      return () => {
        messageListeners.delete(listener);
      };
    },
    onClose: (listener) => {
      closeListeners.add(listener);
      return () => {
        closeListeners.delete(listener);
      };
    },
    close: () => {
      channel.closes++;
    },
    deliver: (message) => {
      for (const listener of messageListeners) listener(message);
    },
    fail: (reason) => {
      for (const listener of closeListeners) listener(reason);
    },
  };
  return channel;
}

export interface LoopbackPair {
  client: EngineClient;
  /** The server loop's side, to close it as a dropped connection would. */
  loop: RequestLoop;
  /** Every message the client posted and every message the server sent, in order. */
  toServer: ClientMessage[];
  toClient: ServerMessage[];
  /** Drops the connection: the loop aborts its requests, the client rejects its calls with `reason`. */
  drop(reason: WireError): void;
}

export function loopbackPair(dispatcher: Dispatcher): LoopbackPair {
  const channel = scriptedChannel();
  const toClient: ServerMessage[] = [];
  const loop = serveRequests(dispatcher, (message) => {
    toClient.push(message);
    queueMicrotask(() => channel.deliver(message));
  });
  const post = channel.post;
  channel.post = (message) => {
    post(message);
    queueMicrotask(() => loop.receive(message));
  };
  return {
    client: rpcClient(channel),
    loop,
    toServer: channel.posted,
    toClient,
    drop: (reason) => {
      loop.close(reason.message);
      channel.fail(reason);
    },
  };
}
