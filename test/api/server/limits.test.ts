/**
 * The server's caps: WebSocket clients (an upgrade past the cap is a 503), TCP connections of any
 * kind (past the cap a new one is closed at once), and each client's requests in flight (one
 * more is a tagged `busy` reply). Each time, once below the cap again, a good client is served.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../app/api/engine.js';
import { startServer, WS_PATH, type RunningServer } from '../../../app/api/server.js';
import { tempDir } from '../../helpers/fixtures.js';
import { connect, upgradeStatus, type TestClient } from '../client.js';
import { closed, openSocket } from './raw-peer.js';

const dir = tempDir();
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(options: Parameters<typeof startServer>[0]): Promise<RunningServer> {
  const server = await startServer({ port: 0, ...options });
  cleanups.push(() => server.close());
  return server;
}

const wsUrl = (server: RunningServer): string =>
  `ws://127.0.0.1:${server.port}${WS_PATH}?token=${server.token}`;

async function client(server: RunningServer): Promise<TestClient> {
  const opened = await connect(wsUrl(server));
  cleanups.push(() => opened.close());
  return opened;
}

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('caps', () => {
  it('refuses a WebSocket client past maxConnections with 503, and takes one once a client leaves', async () => {
    const server = await serve({ maxConnections: 2 });
    const first = await connect(wsUrl(server));
    await client(server);
    expect(await upgradeStatus(wsUrl(server))).toBe(503);
    first.close();
    await until(() => server.connections().length === 1);
    const next = await client(server);
    expect(await next.call('health')).toMatchObject({ ok: true });
  });

  it('closes a TCP connection past maxSockets at once, and serves again once one closes', async () => {
    const server = await serve({ maxSockets: 3 });
    const idle = await Promise.all([0, 1, 2].map(() => openSocket(server.port)));
    for (const socket of idle) socket.on('error', () => undefined);
    const extra = await openSocket(server.port);
    extra.on('error', () => undefined);
    await closed(extra);
    idle[0]!.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const health = await fetch(`${server.origin}/api/health?token=${server.token}`, {
      headers: { Connection: 'close' },
    });
    expect(health.status).toBe(200);
    for (const socket of idle) socket.destroy();
  });

  it('answers a request past maxRequestsInFlight with a tagged busy error; the others are answered', async () => {
    const engine = new Engine({ stateDir: dir.path });
    cleanups.push(() => engine.close());
    const dispatch = engine.dispatch.bind(engine);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    engine.dispatch = async (command, args, ctx) => {
      await held;
      return dispatch(command, args, ctx);
    };
    const server = await serve({ engine, maxRequestsInFlight: 3 });
    const raw = await client(server);
    for (const id of [1, 2, 3, 4]) raw.send(JSON.stringify({ id, command: 'health' }));
    expect(await raw.next()).toEqual({
      id: 4,
      ok: false,
      error: {
        layer: 'api',
        tag: 'busy',
        message: '3 requests are already in flight on this connection; retry after a reply',
      },
    });
    release();
    const answered = [await raw.next(), await raw.next(), await raw.next()];
    expect(answered.map((reply) => reply.id).sort()).toEqual([1, 2, 3]);
    expect(answered.every((reply) => reply.ok === true)).toBe(true);
    // Answered, there is room again.
    raw.send(JSON.stringify({ id: 5, command: 'health' }));
    expect(await raw.next()).toMatchObject({ id: 5, ok: true });
  });

  it('defaults: 32 WebSocket clients', async () => {
    const server = await serve({});
    const opened = await Promise.all(Array.from({ length: 32 }, () => client(server)));
    expect(opened).toHaveLength(32);
    expect(await upgradeStatus(wsUrl(server))).toBe(503);
  });
});
