/**
 * The engine API contract suite (test/api/contract-suite.ts) over the Electron transport: the
 * real preload's `window.isotrope` and `fromBridge`, a fake ipcRenderer/ipcMain pair, main's
 * IPC handler, the supervisor and hostClient, and a forked engine host — the same suite the
 * WebSocket transport runs.
 */
import { vi } from 'vitest';
import { describeContract } from '../api/contract-suite.js';
import { ensureEngineHostBuilt } from './engine-host.js';
import { connectOverIpc, type PreloadWorld } from './ipc-transport.js';

const world = vi.hoisted((): PreloadWorld => ({ ipcRenderer: undefined, exposed: new Map() }));
vi.mock('electron', async () => (await import('./ipc-transport.js')).preloadElectron(world));

describeContract('Electron IPC (preload → main → engine host)', async () => {
  ensureEngineHostBuilt();
  // The suite set ISOTROPE_STATE_DIR for the engine; the host inherits it.
  const connection = await connectOverIpc(
    world,
    async () => {
      vi.resetModules();
      await import('../../main/preload/index.js');
    },
    { ownState: false },
  );
  return { client: connection.client, close: connection.close };
});
