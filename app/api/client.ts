/**
 * The engine API as a UI sees it, whatever the transport: `call` a command with typed
 * arguments and get its typed outcome (binary commands: `{header, data}`), listen to events.
 * `connectWebSocket` (browser mode, tests), `fromBridge` (Electron preload) and `hostClient`
 * (the engine host process) all return one. This file runs in browsers: no Node imports.
 *
 * @example
 *   const client = await connectWebSocket('ws://127.0.0.1:8080/api/ws?token=…');
 *   const info = await client.call('openSample', {}, { onProgress: (task, f) => console.log(task, f) });
 */
import type { ApiEvent, CommandArgs, CommandName, CommandOutcome, RequestId, WireError } from './schemas.js';

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

interface Pending {
  resolve(outcome: unknown): void;
  reject(error: Error): void;
  onProgress?: CallOptions['onProgress'];
}

/**
 * Connects to the engine's WebSocket (`ws://127.0.0.1:PORT/api/ws?token=…`); resolves once
 * open, rejects when the connection fails (e.g. 401). When the connection closes, calls in
 * flight reject with an 'internal' error.
 */
export function connectWebSocket(url: string, options: ConnectOptions = {}): Promise<EngineClient> {
  const Ctor = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!Ctor) return Promise.reject(new Error('no WebSocket implementation: pass options.WebSocket'));
  const ws = new Ctor(url);
  ws.binaryType = 'arraybuffer';
  const prefix = Math.random().toString(36).slice(2, 10);
  let next = 1;
  const pending = new Map<RequestId, Pending>();
  const listeners = new Set<(event: ApiEvent) => void>();
  /** The binary reply whose header came and whose bytes are the next binary frame. */
  let awaitingBytes: { id: RequestId; header: unknown } | undefined;
  let closed: WireError | undefined;

  ws.addEventListener('message', ({ data }) => {
    if (typeof data !== 'string') {
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data)
        : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : undefined;
      const waiting = awaitingBytes;
      awaitingBytes = undefined;
      if (!waiting || !bytes) return;
      const p = pending.get(waiting.id);
      pending.delete(waiting.id);
      p?.resolve({ header: waiting.header, data: bytes });
      return;
    }
    let m: Record<string, unknown>;
    try { m = JSON.parse(data) as Record<string, unknown>; } catch { return; }
    if (typeof m.event === 'string') {
      const event = m as unknown as ApiEvent;
      const p = event.event === 'progress' ? pending.get(event.id) : undefined;
      if (p && event.event === 'progress') { p.onProgress?.(event.task, event.fraction); return; }
      for (const listener of listeners) listener(event);
      return;
    }
    const id = m.id as RequestId | null;
    if (m.ok === true && m.binary === true && id !== null) { awaitingBytes = { id, header: m.header }; return; }
    const p = id === null ? undefined : pending.get(id);
    if (!p) {
      // An error tied to no request (unreadable message): tell the listeners.
      if (m.ok === false) for (const listener of listeners) listener({ event: 'error', error: m.error as WireError });
      return;
    }
    pending.delete(id!);
    if (m.ok === true) p.resolve(m.result);
    else p.reject(new EngineCallError(m.error as WireError));
  });

  ws.addEventListener('close', () => {
    closed ??= { layer: 'api', tag: 'internal', message: 'the connection to the engine closed' };
    for (const p of pending.values()) p.reject(new EngineCallError(closed));
    pending.clear();
  });

  function call<C extends CommandName>(command: C, args: CommandArgs<C>, options: CallOptions = {}): Promise<CommandOutcome<C>> {
    if (closed || ws.readyState !== OPEN) {
      return Promise.reject(new EngineCallError(closed ?? { layer: 'api', tag: 'internal', message: 'not connected to the engine' }));
    }
    const id = `${prefix}-${next++}`;
    const { signal, onProgress } = options;
    return new Promise<CommandOutcome<C>>((resolve, reject) => {
      const abort = (): void => { if (ws.readyState === OPEN) ws.send(JSON.stringify({ cancel: id })); };
      const done = (): void => signal?.removeEventListener('abort', abort);
      pending.set(id, {
        resolve: (o) => { done(); resolve(o as CommandOutcome<C>); },
        reject: (e) => { done(); reject(e); },
        onProgress,
      });
      ws.send(JSON.stringify({ id, command, args }));
      // Already aborted: sent and cancelled at once, so the engine answers with its own 'aborted' error.
      if (signal?.aborted) abort();
      else signal?.addEventListener('abort', abort, { once: true });
    });
  }

  const client: EngineClient = {
    call,
    onEvent(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    close() {
      closed ??= { layer: 'api', tag: 'internal', message: 'the client was closed' };
      listeners.clear();
      ws.close();
    },
  };
  return new Promise<EngineClient>((resolve, reject) => {
    let opened = false;
    ws.addEventListener('open', () => { opened = true; resolve(client); });
    ws.addEventListener('error', () => { if (!opened) reject(new Error(`could not connect to the engine at ${url.replace(/token=[^&]*/, 'token=…')}`)); });
    ws.addEventListener('close', () => { if (!opened) reject(new Error(`the engine at ${url.replace(/token=[^&]*/, 'token=…')} refused the connection`)); });
  });
}
