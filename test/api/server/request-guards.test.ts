/** The request checks as pure functions of a request: target, Host, Origin and token. */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  hasToken,
  hostAllowed,
  originAllowed,
  requestTarget,
} from '../../../app/api/server/request-guards.js';

const requestOf = (url: string, headers: Record<string, string> = {}): IncomingMessage =>
  ({ url, headers }) as unknown as IncomingMessage;

describe('request guards', () => {
  it('requestTarget parses a path, and is undefined (never a throw) for a target that does not parse', () => {
    expect(requestTarget(requestOf('/api/ws?token=t'))?.pathname).toBe('/api/ws');
    for (const target of ['//[', '//a:b@[x]/api/ws', '//:99999', 'http://['])
      expect(requestTarget(requestOf(target)), target).toBeUndefined();
  });

  it('hostAllowed takes 127.0.0.1:PORT and localhost:PORT only', () => {
    expect(hostAllowed(requestOf('/', { host: '127.0.0.1:8080' }), 8080)).toBe(true);
    expect(hostAllowed(requestOf('/', { host: 'LOCALHOST:8080' }), 8080)).toBe(true);
    for (const host of ['evil.example:8080', '127.0.0.1', '127.0.0.1:8081', '127.0.0.1:8080.evil.example'])
      expect(hostAllowed(requestOf('/', { host }), 8080), host).toBe(false);
    expect(hostAllowed(requestOf('/'), 8080)).toBe(false);
  });

  it('originAllowed takes no Origin or the own one', () => {
    const own = 'http://127.0.0.1:8080';
    expect(originAllowed(requestOf('/'), own)).toBe(true);
    expect(originAllowed(requestOf('/', { origin: own }), own)).toBe(true);
    expect(originAllowed(requestOf('/', { origin: 'http://evil.example' }), own)).toBe(false);
  });

  it('hasToken reads ?token= or a bearer token, exact only', () => {
    const target = (url: string): URL => requestTarget(requestOf(url))!;
    expect(hasToken(requestOf('/'), target('/?token=abc'), 'abc')).toBe(true);
    expect(hasToken(requestOf('/', { authorization: 'Bearer abc' }), target('/'), 'abc')).toBe(true);
    expect(hasToken(requestOf('/'), target('/?token=abcd'), 'abc')).toBe(false);
    expect(hasToken(requestOf('/'), target('/'), 'abc')).toBe(false);
    expect(hasToken(requestOf('/', { authorization: 'Basic abc' }), target('/'), 'abc')).toBe(false);
  });
});
