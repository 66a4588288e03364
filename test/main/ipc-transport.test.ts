/**
 * The renderer's EngineClient over the whole Electron path — the real preload, main's IPC
 * handler, the supervisor and a forked engine host — with Electron replaced by fakes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureEngineHostBuilt } from './engine-host.js';
import { connectOverIpc, type IpcConnection, type PreloadWorld } from './ipc-transport.js';

const world = vi.hoisted((): PreloadWorld => ({ ipcRenderer: undefined, exposed: new Map() }));
vi.mock('electron', async () => (await import('./ipc-transport.js')).preloadElectron(world));
const loadPreload = async () => {
  vi.resetModules();
  await import('../../main/preload/index.js');
};

let connection: IpcConnection;
beforeAll(async () => {
  ensureEngineHostBuilt();
  connection = await connectOverIpc(world, loadPreload);
}, 180_000);
afterAll(async () => {
  await connection?.close();
});

describe('the Electron transport, end to end without Electron', () => {
  it('the preload exposes exactly window.isotrope, an EngineBridge', () => {
    expect(connection.exposed).toEqual(['isotrope']);
    expect(Object.keys(connection.bridge).sort()).toEqual([
      'call',
      'cancel',
      'onEvent',
      'onMenu',
      'pathForFile',
      'showOpenDialog',
    ]);
    expect(connection.bridge.pathForFile({ name: 'stack.tif' } as File)).toBe('/dropped/stack.tif');
  });

  it('answers health from the engine host', async () => {
    expect(await connection.client.call('health', {})).toMatchObject({
      version: expect.any(String),
      backend: 'not started',
    });
  });

  it('opens the sample with progress, and reads a plane as bytes', async () => {
    const progress: number[] = [];
    const info = await connection.client.call(
      'openSample',
      {},
      { onProgress: (_task, f) => progress.push(f) },
    );
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(1);
    const { header, data } = await connection.client.call('readPlane', {
      volumeId: info.volumeId,
      axis: 'xz',
      index: 3,
    });
    expect(data).toBeInstanceOf(Uint8Array);
    expect(header).toMatchObject({ axis: 'xz', width: info.shape.x, height: info.shape.z });
    expect(data.byteLength).toBe(header.byteLength);
    expect(data.some((b) => b !== 0)).toBe(true);
  }, 120_000);

  it("rejects with the engine's own typed errors, and main's for bad calls", async () => {
    await expect(connection.client.call('openVolume', { path: '/no/such/stack.tif' })).rejects.toMatchObject({
      name: 'EngineCallError',
      layer: 'volume',
      tag: 'not-found',
      message: expect.stringContaining('/no/such/stack.tif'),
    });
    await expect(
      connection.client.call('readPlane', { volumeId: 'v999', axis: 'xy', index: 0 }),
    ).rejects.toMatchObject({ layer: 'api', tag: 'unknown-volume' });
    await expect(
      connection.client.call('readPlane', { volumeId: 'v1', axis: 'xy', index: -1 } as never),
    ).rejects.toMatchObject({ layer: 'api', tag: 'bad-request' });
    await expect(connection.client.call('noSuchCommand' as never, {} as never)).rejects.toMatchObject({
      layer: 'api',
      tag: 'unknown-command',
    });
  });
});
