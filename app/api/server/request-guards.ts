/**
 * The checks every HTTP request and WebSocket upgrade of the server passes, each a pure function
 * of the request: its target parses, its Host names this server, its Origin (when sent) is this
 * server's own, and it carries the token.
 *
 * The Host check stops DNS rebinding: a page on evil.example whose name is re-pointed at
 * 127.0.0.1 reaches this port, but its requests say `Host: evil.example`, so they are refused,
 * static files included.
 *
 * @example
 *   const target = requestTarget(req);
 *   if (!target) return refuse(400);
 *   if (!hostAllowed(req, port)) return refuse(403);
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The request's target as a URL, or undefined when it does not parse (e.g. `//[`), which a
 * client can send before any check, so it must not throw. Resolved against a fixed base: the
 * target's own authority, if it has one, is never trusted for anything.
 */
export function requestTarget(req: IncomingMessage): URL | undefined {
  try {
    return new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    return undefined;
  }
}

/** True when the Host header is `127.0.0.1:PORT` or `localhost:PORT` (any case), the names this server answers to. */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host?.toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** True when there is no Origin header, or it is `origin`, this server's own. */
export function originAllowed(req: IncomingMessage, origin: string): boolean {
  const given = req.headers.origin;
  return given === undefined || given === origin;
}

/** True when the request carries `token`, as `?token=` or `Authorization: Bearer TOKEN` (compared in constant time). */
export function hasToken(req: IncomingMessage, target: URL, token: string): boolean {
  const authorization = req.headers.authorization;
  const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : null;
  const given = target.searchParams.get('token') ?? bearer;
  if (given === null) return false;
  const givenBytes = Buffer.from(given);
  const tokenBytes = Buffer.from(token);
  return givenBytes.length === tokenBytes.length && timingSafeEqual(givenBytes, tokenBytes);
}
