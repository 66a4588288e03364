/**
 * The engine API over HTTP and WebSocket, on 127.0.0.1 only, guarded by a random token.
 *
 * - Every `/api/*` route and the WebSocket upgrade (`/api/ws`) need the token, as `?token=`
 *   or `Authorization: Bearer TOKEN`; otherwise 401. `GET /` (the UI's page) needs it too.
 * - An `Origin` header, when present, must be this server's own origin; otherwise 403 (checked
 *   after the token, so a request without one always gets the contract's 401), so a
 *   web page on another site cannot drive the engine even if the token leaked into it.
 * - The UI's other static files (scripts, styles) are served without the token: they are the
 *   public build, and the page's own requests to them carry no query string.
 * - The Host header must be `127.0.0.1:PORT` or `localhost:PORT`; otherwise 403 (after the token
 *   on `/api`, as the Origin check), which stops DNS rebinding (server/request-guards.ts).
 *
 * Hostile or broken peers cannot end the process: every socket and WebSocket has an error
 * handler, every parse of what a peer sent is guarded, and a target that does not parse is a 400.
 * Connections, WebSocket clients and each client's requests in flight are capped (ServerOptions),
 * and what goes to a client that reads slowly waits in a bounded outbox (server/outbox.ts) where
 * progress-like events coalesce; a client that stops reading is closed with a reason.
 *
 * WebSocket protocol (schemas.ts; served by rpc/serve-requests.ts, as the engine host is):
 * the client sends `{id, command, args}`; the server answers
 * `{id, ok: true, result}`, or `{id, ok: true, binary: true, header}` followed by one binary
 * frame, or `{id, ok: false, error: {layer, tag, message}}`; `progress` events carry the id.
 * `{cancel: id}` aborts that request (it answers with an 'aborted' error); an id already in
 * flight on the connection is refused (bad-request) rather than run twice, and a request beyond
 * `maxRequestsInFlight` is refused (busy). Every engine event
 * (jobs, metrics, units, previews) goes to every connected client.
 *
 * @example
 *   const server = await startServer({ port: 0 });
 *   console.log(server.url); // http://127.0.0.1:PORT/?token=…
 *   await server.close();
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, join, resolve, sep } from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { Engine } from './engine.js';
import { toWireError } from './errors.js';
import type { ServerMessage } from './rpc/messages.js';
import { badRequest, serveRequests } from './rpc/serve-requests.js';
import {
  coalesceKey,
  DEFAULT_OUTBOX_LIMITS,
  Outbox,
  type OutboxLimits,
  type OutboxSocket,
  type OutboxStats,
} from './server/outbox.js';
import { hasToken, hostAllowed, originAllowed, requestTarget } from './server/request-guards.js';
import { packageInfo } from './version.js';

export interface ServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Folder of the built UI. Default: out/renderer in the package root if it exists, else a built-in page saying the UI is not built. */
  staticDir?: string;
  /** The engine to serve; default a new one, closed with the server. */
  engine?: Engine;
  /** The token; default 32 random bytes as hex. Tests only. */
  token?: string;
  /**
   * WebSocket clients at once; one more upgrade is refused with 503. Default 32: a UI needs one
   * per window, and every client costs its outbox.
   */
  maxConnections?: number;
  /**
   * TCP connections at once, of any kind (HTTP keep-alive and WebSocket together); past it a new
   * one is closed at once (node's `server.maxConnections`). Default 128: a browser opens about six.
   */
  maxSockets?: number;
  /** Requests one WebSocket client may have in flight; one more is answered with tag `busy`. Default 64 (the UI keeps about six). */
  maxRequestsInFlight?: number;
  /** Backpressure on what goes to each client (server/outbox.ts); default DEFAULT_OUTBOX_LIMITS. */
  outboxLimits?: Partial<OutboxLimits>;
}

export interface RunningServer {
  port: number;
  token: string;
  /** http://127.0.0.1:PORT/?token=TOKEN — what the user opens. */
  url: string;
  /** The server's own origin, the only one accepted in an Origin header. */
  origin: string;
  engine: Engine;
  /** What each connected WebSocket client has waiting to be sent (backpressure), for status and tests. */
  connections(): OutboxStats[];
  /** Stops listening, closes every connection and (if it made it) the engine. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
export const WS_PATH = '/api/ws';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const NOT_BUILT_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Isotrope</title></head>
<body><h1>Isotrope engine</h1><p>The engine API is running, but the user interface is not built
(no out/renderer). The API answers at <code>/api/health</code> and on the WebSocket <code>${WS_PATH}</code>.</p></body></html>`;

/** How long a client given up for not reading has to take its close frame before its socket is destroyed. */
const GIVE_UP_GRACE_MS = 1000;

/** One served WebSocket client: its outbox (everything it is sent goes through it). */
interface Client {
  outbox: Outbox;
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** Starts the server and resolves once it listens. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const ownsEngine = !options.engine;
  const engine = options.engine ?? new Engine();
  const defaultDir = join(packageInfo().root, 'out', 'renderer');
  const staticDir = options.staticDir ?? (existsSync(defaultDir) ? defaultDir : undefined);
  const maxConnections = options.maxConnections ?? 32;
  const maxRequestsInFlight = options.maxRequestsInFlight ?? 64;
  const outboxLimits = { ...DEFAULT_OUTBOX_LIMITS, ...options.outboxLimits };
  let origin = '';
  let port = 0;

  const clients = new Map<WebSocket, Client>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  wss.on('connection', (ws: WebSocket) => {
    // A client given up for not reading is forgotten at once: it gets no more broadcasts while
    // its close waits behind what it has not read.
    const forget = (): boolean => clients.delete(ws);
    const client = serveSocket(ws, engine, { maxRequestsInFlight, outboxLimits }, forget);
    clients.set(ws, client);
    ws.once('close', () => clients.delete(ws));
  });
  const unsubscribe = engine.onEvent((event) => {
    // The engine's emit runs inside its jobs' code: nothing here may throw back into it.
    let text: string;
    try {
      text = JSON.stringify(event);
    } catch {
      return;
    }
    const key = coalesceKey(event);
    for (const client of clients.values()) client.outbox.push([text], key);
  });

  const http = createServer((req, res) => {
    handleHttp(req, res).catch((e) => {
      try {
        if (!res.headersSent) sendJson(res, 500, { error: toWireError(e) });
        else res.destroy();
      } catch {
        res.destroy();
      }
    });
  });
  // A request node cannot parse (bad headers, a header flood) or a socket reset mid-request.
  http.on('clientError', (_error: Error, socket: Duplex) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  http.maxConnections = options.maxSockets ?? 128;
  // A peer that opens a connection and sends its headers slowly (or never) holds one of the
  // sockets above: it is cut off after 10 s rather than node's default minute.
  http.headersTimeout = 10_000;
  http.requestTimeout = 30_000;

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestTarget(req);
    if (!url) return sendJson(res, 400, { error: 'request target does not parse' });
    const authorised = hasToken(req, url, token);
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      // The contract: without a valid token every /api route answers 401, whatever else is wrong.
      if (!authorised) return sendJson(res, 401, { error: 'missing or invalid token' });
      if (!hostAllowed(req, port)) return sendJson(res, 403, { error: 'foreign host' });
      if (!originAllowed(req, origin)) return sendJson(res, 403, { error: 'foreign origin' });
      if (req.method !== 'GET') return sendJson(res, 405, { error: 'method not allowed' });
      if (url.pathname === '/api/health') return sendJson(res, 200, await engine.call('health', {}));
      return sendJson(res, 404, { error: 'no such route' });
    }
    if (!hostAllowed(req, port)) return sendJson(res, 403, { error: 'foreign host' });
    if (!originAllowed(req, origin)) return sendJson(res, 403, { error: 'foreign origin' });
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendJson(res, 405, { error: 'method not allowed' });
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (!authorised) return sendJson(res, 401, { error: 'missing or invalid token' });
      const index = staticDir ? join(staticDir, 'index.html') : undefined;
      if (index && existsSync(index)) return sendFile(res, index);
      return send(res, 200, CONTENT_TYPES['.html'], NOT_BUILT_PAGE);
    }
    const file = staticDir ? staticPath(staticDir, url.pathname) : undefined;
    if (
      file &&
      (await stat(file).then(
        (s) => s.isFile(),
        () => false,
      ))
    )
      return sendFile(res, file);
    return sendJson(res, 404, { error: 'not found' });
  }

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands an upgrade's socket over bare: without this, a peer's reset (ECONNRESET) would be
    // an uncaught 'error' that ends the process.
    socket.on('error', () => socket.destroy());
    const refuse = (status: number, text: string): void => {
      if (!socket.writable) return void socket.destroy();
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const url = requestTarget(req);
    if (!url) return refuse(400, 'Bad Request');
    if (url.pathname !== WS_PATH) return refuse(404, 'Not Found');
    if (!hasToken(req, url, token)) return refuse(401, 'Unauthorized');
    if (!hostAllowed(req, port)) return refuse(403, 'Forbidden');
    if (!originAllowed(req, origin)) return refuse(403, 'Forbidden');
    if (clients.size >= maxConnections) return refuse(503, 'Service Unavailable');
    try {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    } catch {
      socket.destroy();
    }
  });

  await new Promise<void>((ok, fail) => {
    http.once('error', fail);
    http.listen(options.port ?? 0, HOST, () => {
      http.off('error', fail);
      ok();
    });
  });
  // Once listening, an error here is one connection's (e.g. accept failing with EMFILE when a
  // peer opens too many): the server goes on serving the others.
  http.on('error', (e: Error) => process.stderr.write(`isotrope serve: ${e.message.split('\n')[0]}\n`));
  port = (http.address() as AddressInfo).port;
  origin = `http://${HOST}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    port,
    token,
    origin,
    engine,
    url: `${origin}/?token=${token}`,
    connections: () => [...clients.values()].map((client) => client.outbox.stats),
    close: () =>
      (closing ??= (async () => {
        unsubscribe();
        for (const ws of wss.clients) ws.terminate();
        await new Promise<void>((ok) => wss.close(() => ok()));
        http.closeAllConnections();
        await new Promise<void>((ok) => http.close(() => ok()));
        if (ownsEngine) await engine.close();
      })()),
  };
}

interface SocketLimits {
  maxRequestsInFlight: number;
  outboxLimits: OutboxLimits;
}

/**
 * One WebSocket connection, served by the one request loop (rpc/serve-requests.ts). Requests
 * are JSON text frames; a binary reply is its JSON header frame, then one binary frame of bytes.
 * Everything sent goes through the client's outbox; `onGivenUp` runs when it gives the client up.
 */
function serveSocket(ws: WebSocket, engine: Engine, limits: SocketLimits, onGivenUp: () => void): Client {
  const outbox = new Outbox(outboxSocketOf(ws), limits.outboxLimits, (reason) => {
    onGivenUp();
    giveUp(ws, reason);
  });
  const post = (message: ServerMessage): void => {
    if ('binary' in message) {
      const { data, ...header } = message;
      outbox.push([JSON.stringify(header), data]);
      return;
    }
    outbox.push([JSON.stringify(message)], 'event' in message ? coalesceKey(message) : undefined);
  };
  const loop = serveRequests(engine, post, { maxInFlight: limits.maxRequestsInFlight });
  const refuse = (message: string): void => post(badRequest(null, message));
  // ws reports a peer's protocol error (a text frame that is not UTF-8, a frame over maxPayload,
  // a bad opcode) here, and closes the connection itself (1007, 1009, 1002): 'close' follows.
  ws.on('error', () => undefined);
  ws.on('close', () => {
    outbox.dispose();
    loop.close('connection closed');
  });
  ws.on('message', (raw: RawData, isBinary: boolean) => {
    if (isBinary) return refuse('requests are JSON text frames');
    let message: unknown;
    try {
      message = JSON.parse(textOf(raw));
    } catch {
      return refuse('request is not JSON');
    }
    loop.receive(message);
  });
  return { outbox };
}

/** A frame's text (ws gives a Buffer, or for fragmented messages an array of them). */
function textOf(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString();
  if (raw instanceof ArrayBuffer) return Buffer.from(raw).toString();
  return raw.toString();
}

/** `ws`'s WebSocket as the outbox's socket: a frame for a socket no longer open fails at once. */
function outboxSocketOf(ws: WebSocket): OutboxSocket {
  return {
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    send(frame, callback) {
      if (ws.readyState !== ws.OPEN) return callback(new Error('connection closed'));
      ws.send(frame, callback);
    },
  };
}

/**
 * Closes a client that stopped reading, with the reason (1008, policy violation), and destroys
 * its socket soon after: its close frame waits behind what it has not read, and it may never.
 */
function giveUp(ws: WebSocket, reason: string): void {
  ws.close(1008, Buffer.from(reason).subarray(0, 123).toString());
  const destroy = setTimeout(() => ws.terminate(), GIVE_UP_GRACE_MS);
  destroy.unref();
}

/** The file under root for a URL path, or undefined when the path escapes root. */
function staticPath(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const base = resolve(root);
  const file = resolve(base, `.${decoded}`);
  return file.startsWith(base + sep) ? file : undefined;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    ...SECURITY_HEADERS,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

async function sendFile(res: ServerResponse, file: string): Promise<void> {
  send(
    res,
    200,
    CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    await readFile(file),
  );
}
