/**
 * The engine API over WebSocket (browser mode, tests): `connectWebSocket` adapts a socket to
 * the one client core (rpc/client-core.ts), which gives the same `EngineClient` as the Electron
 * bridge (`fromBridge`) and the engine host (`hostClient`). This file runs in browsers: no Node
 * imports. `EngineClient`, `CallOptions` and `EngineCallError` are re-exported from here, where
 * the renderer and the tests have always found them.
 *
 * @example
 *   const client = await connectWebSocket('ws://127.0.0.1:8080/api/ws?token=…');
 *   const info = await client.call('openSample', {}, { onProgress: (task, f) => console.log(task, f) });
 */
import { rpcClient, type RpcChannel } from './rpc/client-core.js';
import { listeners } from './rpc/listeners.js';
import type { EngineClient } from './rpc/engine-client.js';
import type { WireError } from './schemas.js';

export { EngineCallError, type CallOptions, type EngineClient } from './rpc/engine-client.js';

/** The part of the WebSocket API used here: the browser's global and `ws`'s class both fit. */
interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void;
}
export type WebSocketConstructor = new (url: string) => SocketLike;

export interface ConnectOptions {
  /** The WebSocket class; default the global one (browsers, Node ≥ 22). Node tests pass `ws`'s. */
  WebSocket?: WebSocketConstructor;
}

const OPEN = 1;

/** A binary frame's bytes (an ArrayBuffer in browsers, a Buffer or ArrayBuffer under `ws`), or undefined. */
function bytesOf(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

/** The JSON frame that announces a binary reply: its bytes are the next binary frame. */
function isBinaryHeader(message: unknown): message is Record<string, unknown> {
  const fields = message as { ok?: unknown; binary?: unknown } | null;
  return typeof message === 'object' && fields !== null && fields.ok === true && fields.binary === true;
}

/**
 * A socket as the core's channel: text frames are JSON messages; a binary reply's header frame
 * and the binary frame after it are joined into one message with the bytes in `data`.
 */
function socketChannel(ws: SocketLike): RpcChannel {
  const messages = listeners<unknown>();
  const closes = listeners<WireError>();
  let awaitingBytes: Record<string, unknown> | undefined;
  const deliver = (message: unknown): void => messages.emit(message);

  ws.addEventListener('message', ({ data }) => {
    if (typeof data !== 'string') {
      const header = awaitingBytes;
      awaitingBytes = undefined;
      // Bytes nobody announced belong to no reply; the core reports a header without bytes' call.
      if (header) deliver({ ...header, data: bytesOf(data) });
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      // Not JSON: handed on as it came, so the core reports it as a malformed message.
      message = data;
    }
    if (isBinaryHeader(message)) awaitingBytes = message;
    else deliver(message);
  });
  ws.addEventListener('close', () => {
    const message = 'the connection to the engine closed';
    const reason: WireError = { layer: 'api', tag: 'internal', message };
    closes.emit(reason);
  });

  return {
    post(message) {
      if (ws.readyState !== OPEN) throw new Error('not connected to the engine');
      ws.send(JSON.stringify(message));
    },
    onMessage: (listener) => messages.add(listener),
    onClose: (listener) => closes.add(listener),
    close: () => ws.close(),
  };
}

/**
 * Connects to the engine's WebSocket (`ws://127.0.0.1:PORT/api/ws?token=…`); resolves once
 * open, rejects when the connection fails (e.g. 401). When the connection closes, calls in
 * flight reject with an 'internal' error.
 */
export function connectWebSocket(url: string, options: ConnectOptions = {}): Promise<EngineClient> {
  const Socket = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!Socket) return Promise.reject(new Error('no WebSocket implementation: pass options.WebSocket'));
  const ws = new Socket(url);
  ws.binaryType = 'arraybuffer';
  const client = rpcClient(socketChannel(ws));
  const shownUrl = url.replace(/token=[^&]*/, 'token=…');
  return new Promise<EngineClient>((resolve, reject) => {
    let opened = false;
    ws.addEventListener('open', () => {
      opened = true;
      resolve(client);
    });
    ws.addEventListener('error', () => {
      if (!opened) reject(new Error(`could not connect to the engine at ${shownUrl}`));
    });
    ws.addEventListener('close', () => {
      if (!opened) reject(new Error(`the engine at ${shownUrl} refused the connection`));
    });
  });
}
