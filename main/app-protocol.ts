/**
 * The renderer's own origin, `app://isotrope`, instead of `file://`. A file:// page shares its
 * origin with every file on the disk (and, without the fuse that removes them, keeps file://'s
 * extra powers); app:// is a standard, secure origin of its own, so the CSP's 'self' means the
 * built renderer and nothing else. The handler serves files from out/renderer only: any other
 * host, a path that resolves outside the folder (`..`, `%2e%2e%2f`, a backslash, a NUL) or a
 * missing file is a 404, and nothing but GET and HEAD is answered.
 *
 * @example
 *   registerAppScheme(protocol);                                // at start-up, before `ready`
 *   app.whenReady().then(() => serveRenderer(protocol, join(import.meta.dirname, '../renderer')));
 *   window.loadURL(APP_INDEX_URL);
 */
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from './csp.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'isotrope';
/** What the page's `location.origin` is, and what navigation guards compare against. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * Content types by extension: what the build writes (html, js, css, fonts, images, wasm). A
 * module script with a wrong type is refused by Chromium, so these matter; anything else is served
 * as opaque bytes, with nosniff so the page cannot reinterpret it.
 */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};
const OPAQUE_BYTES = 'application/octet-stream';

/** The content type a file is served with, from its extension (case-insensitive). */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? OPAQUE_BYTES;
}

/**
 * Registers app:// as standard (relative URLs and origins work as for https), secure (a secure
 * context, as the CSP and module workers expect) and able to fetch. Not `corsEnabled`: that would
 * let other origins read it, and same-origin loads (the page's module scripts) need no CORS. Not
 * `bypassCSP`. Electron accepts this only before the app is ready, hence its own function,
 * called at start-up.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Answers every app:// request from `rendererRoot` (out/renderer). Call once the app is ready. */
export function serveRenderer(protocol: Pick<Protocol, 'handle'>, rendererRoot: string): void {
  protocol.handle(APP_SCHEME, (request) => rendererResponse(request, rendererRoot));
}

/**
 * The file under `rendererRoot` that `url` names, or null when it names none: another scheme or
 * host, a path that is not valid percent-encoding, or one that resolves outside the folder. `/`
 * is index.html. The decoded path is resolved and then checked to still lie inside, so no
 * spelling of `..` (nor an absolute or drive path once decoded) gets out.
 */
export function rendererFileOf(url: string, rendererRoot: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || parsed.username || parsed.password)
    return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  // A backslash is a separator on Windows and a NUL ends a path in C: neither belongs in a URL of ours.
  if (path.includes('\\') || path.includes('\0')) return null;
  const root = resolve(rendererRoot);
  const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
  const inside = relative(root, file);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return null;
  return file;
}

/** The response to one app:// request: the file with its type and the CSP, or a bodiless 404 / 405. */
export async function rendererResponse(
  request: Pick<Request, 'url' | 'method'>,
  rendererRoot: string,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
  const file = rendererFileOf(request.url, rendererRoot);
  if (!file) return notFound();
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    // Missing, a folder, unreadable: all the same to the page, and no path is echoed back.
    return notFound();
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: {
      'Content-Type': contentTypeOf(file),
      // The session's header hook (security.ts) may not see custom-protocol responses; the policy travels here too.
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    },
  });
}

function notFound(): Response {
  return new Response(null, { status: 404 });
}
