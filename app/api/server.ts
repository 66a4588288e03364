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
 *
 * WebSocket protocol (schemas.ts; served by rpc/serve-requests.ts, as the engine host is):
 * the client sends `{id, command, args}`; the server answers
 * `{id, ok: true, result}`, or `{id, ok: true, binary: true, header}` followed by one binary
 * frame, or `{id, ok: false, error: {layer, tag, message}}`; `progress` events carry the id.
 * `{cancel: id}` aborts that request (it answers with an 'aborted' error); an id already in
 * flight on the connection is refused (bad-request) rather than run twice. Every engine event
 * (jobs, metrics, units, previews) goes to every connected client.
 *
 * @example
 *   const server = await startServer({ port: 0 });
 *   console.log(server.url); // http://127.0.0.1:PORT/?token=…
 *   await server.close();
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, join, resolve, sep } from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { Engine } from './engine.js';
import { toWireError } from './errors.js';
import { badRequest, serveRequests } from './rpc/serve-requests.js';
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
}

export interface RunningServer {
  port: number;
  token: string;
  /** http://127.0.0.1:PORT/?token=TOKEN — what the user opens. */
  url: string;
  /** The server's own origin, the only one accepted in an Origin header. */
  origin: string;
  engine: Engine;
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
  let origin = '';

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  wss.on('connection', (ws) => serveSocket(ws, engine));
  const unsubscribe = engine.onEvent((event) => {
    const text = JSON.stringify(event);
    for (const ws of wss.clients) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  const http = createServer((req, res) => {
    handleHttp(req, res).catch((e) => {
      if (!res.headersSent) sendJson(res, 500, { error: toWireError(e) });
      else res.destroy();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const authorised = hasToken(req, url, token);
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      // The contract: without a valid token every /api route answers 401, whatever else is wrong.
      if (!authorised) return sendJson(res, 401, { error: 'missing or invalid token' });
      if (!originAllowed(req, origin)) return sendJson(res, 403, { error: 'foreign origin' });
      if (req.method !== 'GET') return sendJson(res, 405, { error: 'method not allowed' });
      if (url.pathname === '/api/health') return sendJson(res, 200, await engine.call('health', {}));
      return sendJson(res, 404, { error: 'no such route' });
    }
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
    const url = new URL(req.url ?? '/', origin);
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== WS_PATH) return refuse(404, 'Not Found');
    if (!hasToken(req, url, token)) return refuse(401, 'Unauthorized');
    if (!originAllowed(req, origin)) return refuse(403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((ok, fail) => {
    http.once('error', fail);
    http.listen(options.port ?? 0, HOST, () => {
      http.off('error', fail);
      ok();
    });
  });
  const { port } = http.address() as AddressInfo;
  origin = `http://${HOST}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    port,
    token,
    origin,
    engine,
    url: `${origin}/?token=${token}`,
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

/**
 * One WebSocket connection, served by the one request loop (rpc/serve-requests.ts). Requests
 * are JSON text frames; a binary reply is its JSON header frame, then one binary frame of bytes.
 */
function serveSocket(ws: WebSocket, engine: Engine): void {
  const loop = serveRequests(engine, (message) => {
    if (ws.readyState !== ws.OPEN) return;
    if ('binary' in message) {
      const { data, ...header } = message;
      ws.send(JSON.stringify(header));
      ws.send(data, { binary: true });
      return;
    }
    ws.send(JSON.stringify(message));
  });
  const refuse = (message: string): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(badRequest(null, message)));
  };
  ws.on('close', () => loop.close('connection closed'));
  ws.on('message', (raw: RawData, isBinary: boolean) => {
    if (isBinary) return refuse('requests are JSON text frames');
    let message: unknown;
    try {
      message = JSON.parse(raw.toString());
    } catch {
      return refuse('request is not JSON');
    }
    loop.receive(message);
  });
}

function originAllowed(req: IncomingMessage, origin: string): boolean {
  const o = req.headers.origin;
  return o === undefined || o === origin;
}

function hasToken(req: IncomingMessage, url: URL, token: string): boolean {
  const auth = req.headers.authorization;
  const given = url.searchParams.get('token') ?? (auth?.startsWith('Bearer ') ? auth.slice(7).trim() : null);
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
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
