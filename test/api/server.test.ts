/** The real server on 127.0.0.1 driven by a real WebSocket client and real HTTP requests. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../app/api/engine.js';
import { startServer, WS_PATH, type RunningServer } from '../../app/api/server.js';
import { ensureDefaultSample } from '../../app/sample/generate.js';
import { openVolume } from '../../app/volume/open.js';
import { tempDir } from '../helpers/fixtures.js';
import { connect, upgradeStatus, type TestClient } from './client.js';

let server: RunningServer;
let client: TestClient;
const dir = tempDir();
const ws = (token?: string): string =>
  `ws://127.0.0.1:${server.port}${WS_PATH}${token === undefined ? '' : `?token=${token}`}`;
const http = (path: string): string => `${server.origin}${path}`;

beforeAll(async () => {
  await ensureDefaultSample();
  const ui = join(dir.path, 'ui');
  mkdirSync(join(ui, 'assets'), { recursive: true });
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>built UI</title>');
  writeFileSync(join(ui, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir.path, 'secret.txt'), 'outside');
  server = await startServer({ port: 0, staticDir: ui });
  client = await connect(ws(server.token));
}, 120_000);

afterAll(async () => {
  client?.close();
  await server?.close();
  dir.remove();
});

describe('HTTP', () => {
  it('answers /api/health with the token in the query or as a bearer token', async () => {
    for (const r of [
      await fetch(http(`/api/health?token=${server.token}`)),
      await fetch(http('/api/health'), { headers: { Authorization: `Bearer ${server.token}` } }),
    ]) {
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
        backend: 'not started',
      });
    }
  });

  it('answers 401 without a valid token, on every /api route', async () => {
    for (const path of [
      '/api/health',
      '/api/health?token=wrong',
      `/api/health?token=${server.token}x`,
      '/api/anything',
      '/api',
    ]) {
      expect((await fetch(http(path))).status, path).toBe(401);
    }
    expect((await fetch(http('/api/health'), { headers: { Authorization: 'Bearer nope' } })).status).toBe(
      401,
    );
  });

  it('answers 403 to a foreign Origin even with the token, and accepts its own', async () => {
    const foreign = await fetch(http(`/api/health?token=${server.token}`), {
      headers: { Origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const own = await fetch(http(`/api/health?token=${server.token}`), {
      headers: { Origin: server.origin },
    });
    expect(own.status).toBe(200);
    // Without the token the contract's answer is 401, whatever the origin.
    expect((await fetch(http('/api/health'), { headers: { Origin: 'http://evil.example' } })).status).toBe(
      401,
    );
  });

  it('serves the UI: the page with the token, its assets, nothing outside its folder', async () => {
    expect((await fetch(http('/'))).status).toBe(401);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('built UI');
    expect(await (await fetch(http('/assets/app.js'))).text()).toBe('console.log(1)');
    expect((await fetch(http('/%2e%2e/secret.txt'))).status).toBe(404);
    expect((await fetch(http('/assets/missing.js'))).status).toBe(404);
  });

  it('serves a built-in page when the UI is not built', async () => {
    const bare = await startServer({ port: 0, staticDir: join(dir.path, 'none') });
    try {
      const r = await fetch(bare.url);
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('not built');
    } finally {
      await bare.close();
    }
  });
});

describe('WebSocket upgrade', () => {
  it('needs the token (401) and the own origin (403)', async () => {
    expect(await upgradeStatus(ws())).toBe(401);
    expect(await upgradeStatus(ws('wrong'))).toBe(401);
    expect(await upgradeStatus(ws(server.token), { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(ws(), { Origin: 'http://evil.example' })).toBe(401);
    expect(await upgradeStatus(ws(), { Authorization: `Bearer ${server.token}` })).toBe(101);
    expect(await upgradeStatus(ws(server.token), { Origin: server.origin })).toBe(101);
  });
});

describe('commands over WebSocket', () => {
  it('health and backendInfo start no backend', async () => {
    expect(await client.call('health')).toEqual({
      id: expect.anything(),
      ok: true,
      result: { version: expect.any(String), backend: 'not started' },
    });
    const info = await client.call('backendInfo', {});
    expect(info).toMatchObject({
      ok: true,
      result: { active: null, names: expect.arrayContaining(['wasm', 'cpu']) },
    });
  });

  it("openSample then readPlane xy: raw bytes, equal to the volume's own plane", async () => {
    const opened = await client.call('openSample');
    if (!opened.ok || !('result' in opened)) throw new Error(JSON.stringify(opened));
    const info = opened.result as {
      volumeId: string;
      path: string;
      shape: { x: number; y: number; z: number };
      dtype: string;
    };
    expect(info).toMatchObject({
      format: 'ome-tiff',
      dtype: 'uint16',
      unit: 'µm',
      voxelSizeSource: 'ome-xml',
    });
    const z = Math.floor(info.shape.z / 2);
    const reply = await client.call('readPlane', { volumeId: info.volumeId, axis: 'xy', index: z });
    if (!reply.ok || !('data' in reply)) throw new Error(JSON.stringify(reply));
    expect(reply.header).toMatchObject({
      axis: 'xy',
      index: z,
      c: 0,
      t: 0,
      width: info.shape.x,
      height: info.shape.y,
      dtype: 'uint16',
      littleEndian: true,
    });
    expect(reply.data.byteLength).toBe(info.shape.x * info.shape.y * 2);
    expect(reply.header.byteLength).toBe(reply.data.byteLength);

    const direct = await openVolume(info.path);
    try {
      const plane = await direct.readPlaneXY(z);
      expect(Buffer.from(plane.buffer, plane.byteOffset, plane.byteLength).equals(reply.data)).toBe(true);
      const yz = await client.call('readPlane', { volumeId: info.volumeId, axis: 'yz', index: 5 });
      if (!yz.ok || !('data' in yz)) throw new Error(JSON.stringify(yz));
      expect(yz.header).toMatchObject({ width: info.shape.y, height: info.shape.z });
      const p = await direct.readPlaneYZ(5);
      expect(Buffer.from(p.buffer, p.byteOffset, p.byteLength).equals(yz.data)).toBe(true);
    } finally {
      await direct.close();
    }

    expect(await client.call('closeVolume', { volumeId: info.volumeId })).toMatchObject({
      ok: true,
      result: { closed: true },
    });
    expect(await client.call('readPlane', { volumeId: info.volumeId, axis: 'xy', index: 0 })).toMatchObject({
      ok: false,
      error: { layer: 'api', tag: 'unknown-volume' },
    });
  }, 120_000);

  it('a bad path is a tagged volume error naming the path', async () => {
    const path = join(dir.path, 'no-such-stack.tif');
    const reply = await client.call('openVolume', { path });
    expect(reply).toMatchObject({ ok: false, error: { layer: 'volume', tag: 'not-found' } });
    if (reply.ok) throw new Error('expected an error');
    expect(reply.error.message).toContain(path);
  });

  it('runStatus of a folder that is no run is a tagged run error', async () => {
    const reply = await client.call('runStatus', { runDir: dir.path });
    expect(reply).toMatchObject({ ok: false, error: { layer: 'run', tag: 'not-a-run' } });
  });

  it('invalid arguments, unknown commands and malformed messages are bad requests', async () => {
    expect(await client.call('readPlane', { volumeId: 'v1', axis: 'diagonal', index: 0 })).toMatchObject({
      ok: false,
      error: { layer: 'api', tag: 'bad-request', message: expect.stringContaining('axis') },
    });
    expect(await client.call('openVolume', {})).toMatchObject({ ok: false, error: { tag: 'bad-request' } });
    expect(await client.call('format-disk', {})).toMatchObject({
      ok: false,
      error: { tag: 'unknown-command' },
    });
    client.send('not json');
    expect(await client.next()).toMatchObject({ id: null, ok: false, error: { tag: 'bad-request' } });
    client.send(JSON.stringify({ id: 'x' }));
    expect(await client.next()).toMatchObject({ id: 'x', ok: false, error: { tag: 'bad-request' } });
  });
});

describe('request ids over WebSocket', () => {
  it('refuses a second request with an id still in flight (as IPC does), answers the first', async () => {
    const engine = new Engine({ stateDir: join(dir.path, 'ids-state') });
    const dispatch = engine.dispatch.bind(engine);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The first health waits until released, so the second arrives while it is in flight.
    engine.dispatch = async (command, args, ctx) => {
      await held;
      return dispatch(command, args, ctx);
    };
    const own = await startServer({ port: 0, engine });
    const raw = await connect(`ws://127.0.0.1:${own.port}${WS_PATH}?token=${own.token}`);
    try {
      raw.send(JSON.stringify({ id: 'same', command: 'health' }));
      raw.send(JSON.stringify({ id: 'same', command: 'health' }));
      const refusal = { layer: 'api', tag: 'bad-request', message: 'request id "same" is already in use' };
      expect(await raw.next()).toEqual({ id: 'same', ok: false, error: refusal });
      release();
      const health = { version: expect.any(String), backend: 'not started' };
      expect(await raw.next()).toEqual({ id: 'same', ok: true, result: health });
      // Answered, the id may be used again.
      raw.send(JSON.stringify({ id: 'same', command: 'health' }));
      expect(await raw.next()).toMatchObject({ id: 'same', ok: true });
    } finally {
      raw.close();
      await own.close();
      await engine.close();
    }
  });
});
