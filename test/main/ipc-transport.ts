/**
 * The whole Electron path without Electron: the real preload (its `window.isotrope`) over a
 * fake ipcRenderer/ipcMain pair, main's IPC handler and event forwarding, the supervisor and
 * hostClient, and a forked engine host. `fromBridge` on top gives the renderer's EngineClient.
 * The calling test file must mock 'electron' with `preloadElectron(world)` (see ipc-transport.test.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { fromBridge, IPC, type EngineBridge } from '../../app/api/bridge.js';
import type { EngineClient } from '../../app/api/client.js';
import { EngineSupervisor } from '../../main/engine-supervisor.js';
import { forwardEvents, fromMainFrameOf, registerIpc } from '../../main/ipc.js';
import { exited, forkEngineHost } from './engine-host.js';
import { ipcPair } from './fake-ipc.js';

/** What the mocked 'electron' module of the preload reads and records. */
export interface PreloadWorld {
  ipcRenderer: unknown;
  exposed: Map<string, unknown>;
}

/** The 'electron' module as the preload sees it, backed by `world`. */
export function preloadElectron(world: PreloadWorld) {
  return {
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => {
        world.exposed.set(key, api);
      },
    },
    ipcRenderer: world.ipcRenderer,
    webUtils: { getPathForFile: (file: { name?: string }) => `/dropped/${file.name ?? ''}` },
  };
}

export interface IpcConnection {
  client: EngineClient;
  bridge: EngineBridge;
  exposed: string[];
  close(): Promise<void>;
}

/**
 * Connects a fresh stack. `loadPreload` re-imports main/preload/index.ts (after `vi.resetModules()`)
 * so the preload binds to this connection's ipcRenderer, as each window's preload does.
 */
export async function connectOverIpc(
  world: PreloadWorld,
  loadPreload: () => Promise<unknown>,
  options: { ownState?: boolean } = {},
): Promise<IpcConnection> {
  const pair = ipcPair();
  const children: ChildProcess[] = [];
  const engine = new EngineSupervisor({ spawn: () => forkEngineHost(children, options) });
  const dispose = registerIpc({
    ipcMain: pair.ipcMain as never,
    engine,
    isTrusted: fromMainFrameOf(() => pair.window as never),
    showOpenDialog: async () => null,
    // The user says yes: the contract suite checks the engine's answer to a confirmed call.
    confirmDestructive: async () => true,
  });
  const unforward = forwardEvents(engine, () => pair.contents as never);
  world.ipcRenderer = pair.ipcRenderer;
  world.exposed.clear();
  await loadPreload();
  const bridge = world.exposed.get('isotrope') as EngineBridge;
  const client = fromBridge(bridge);
  return {
    client,
    bridge,
    exposed: [...world.exposed.keys()],
    close: async () => {
      client.close();
      unforward();
      dispose();
      engine.close();
      await Promise.all(children.map(exited));
      if (pair.listening(IPC.event) !== 0)
        throw new Error('the renderer still listens for events after close');
    },
  };
}
