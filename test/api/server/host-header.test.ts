/**
 * DNS rebinding: a request whose Host is not 127.0.0.1:PORT or localhost:PORT is refused (403),
 * over HTTP (API and static files) and on the WebSocket upgrade, even with the token.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, WS_PATH, type RunningServer } from '../../../app/api/server.js';
import { exchange, statusOf, upgradeRequest } from './raw-peer.js';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ port: 0 });
});

afterAll(async () => {
  await server?.close();
});

/** The status of a GET of `path` sent with this Host header. */
function statusWithHost(path: string, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = host === undefined ? {} : { Host: host };
    const req = request({ host: '127.0.0.1', port: server.port, path, headers, setHost: host !== undefined });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Host header', () => {
  it('accepts 127.0.0.1:PORT and localhost:PORT (any case)', async () => {
    const api = `/api/health?token=${server.token}`;
    expect(await statusWithHost(api, `127.0.0.1:${server.port}`)).toBe(200);
    expect(await statusWithHost(api, `localhost:${server.port}`)).toBe(200);
    expect(await statusWithHost(api, `LocalHost:${server.port}`)).toBe(200);
  });

  it('refuses any other Host with 403, on /api with the token and on the page', async () => {
    const api = `/api/health?token=${server.token}`;
    for (const host of [
      `evil.example:${server.port}`,
      'evil.example',
      '127.0.0.1',
      `127.0.0.1:${server.port + 1}`,
      `localhost.evil.example:${server.port}`,
      `[::1]:${server.port}`,
    ]) {
      expect(await statusWithHost(api, host), host).toBe(403);
      expect(await statusWithHost(`/?token=${server.token}`, host), host).toBe(403);
      expect(await statusWithHost('/assets/app.js', host), host).toBe(403);
    }
  });

  it('keeps the contract: /api without the token is 401 whatever the Host', async () => {
    expect(await statusWithHost('/api/health', 'evil.example')).toBe(401);
  });

  it('refuses an HTTP/1.0 request with no Host', async () => {
    const answer = await exchange(server.port, `GET /api/health?token=${server.token} HTTP/1.0\r\n\r\n`);
    expect(statusOf(answer)).toBe(403);
  });

  it('refuses a WebSocket upgrade with a foreign Host, with the token', async () => {
    const target = `${WS_PATH}?token=${server.token}`;
    const foreign = upgradeRequest(server.port, target, { Host: `evil.example:${server.port}` });
    expect(statusOf(await exchange(server.port, foreign))).toBe(403);
    const own = upgradeRequest(server.port, target, { Host: `localhost:${server.port}` });
    expect(statusOf(await exchange(server.port, own, 300))).toBe(101);
  });
});
