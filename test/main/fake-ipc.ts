/**
 * A connected fake ipcMain / ipcRenderer pair, behaving as Electron's where it matters here:
 * every payload is a structured clone (so an Error loses its own fields and a Uint8Array stays
 * one), an invoke handler's rejection reaches the renderer as a bare Error, events carry the
 * sender and its frame, and `webContents.send` reaches the renderer's listeners.
 */
import { FakeBrowserWindow, FakeWebContents } from './fake-electron.js';

type Handler = (event: FakeEvent, payload: unknown) => unknown;
type Listener = (event: unknown, payload: unknown) => void;
export interface FakeEvent {
  sender: FakeWebContents;
  senderFrame: { frameId: number; url: string } | null;
}

export function ipcPair() {
  const handlers = new Map<string, Handler>();
  const mainListeners = new Map<string, Set<Handler>>();
  const rendererListeners = new Map<string, Set<Listener>>();
  const window = new FakeBrowserWindow({});
  const contents = window.webContents;
  /** Who the next messages claim to come from (tests change it to a foreign sender). */
  const from: FakeEvent = { sender: contents, senderFrame: contents.mainFrame };
  contents.send = (channel: string, payload: unknown) => {
    const copy = structuredClone(payload);
    contents.sent.push({ channel, payload: copy });
    for (const listener of rendererListeners.get(channel) ?? []) listener({ sender: 'ipcRenderer' }, copy);
  };
  const add = <T>(map: Map<string, Set<T>>, channel: string, fn: T) => {
    if (!map.has(channel)) map.set(channel, new Set());
    map.get(channel)!.add(fn);
  };

  const ipcMain = {
    handle(channel: string, handler: Handler) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
    on(channel: string, listener: Handler) {
      add(mainListeners, channel, listener);
      return ipcMain;
    },
    removeListener(channel: string, listener: Handler) {
      mainListeners.get(channel)?.delete(listener);
      return ipcMain;
    },
  };
  const ipcRenderer = {
    async invoke(channel: string, payload: unknown): Promise<unknown> {
      const handler = handlers.get(channel);
      if (!handler)
        throw new Error(`Error invoking remote method '${channel}': No handler registered for '${channel}'`);
      try {
        return structuredClone(await handler({ ...from }, structuredClone(payload)));
      } catch (e) {
        // Deliberately no cause: Electron hands the renderer only this message, never the error itself.
        // eslint-disable-next-line preserve-caught-error
        throw new Error(`Error invoking remote method '${channel}': ${String(e)}`);
      }
    },
    send(channel: string, payload: unknown) {
      const copy = structuredClone(payload);
      for (const listener of mainListeners.get(channel) ?? []) listener({ ...from }, copy);
    },
    on(channel: string, listener: Listener) {
      add(rendererListeners, channel, listener);
      return ipcRenderer;
    },
    removeListener(channel: string, listener: Listener) {
      rendererListeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };
  return {
    ipcMain,
    ipcRenderer,
    window,
    contents,
    from,
    handlers,
    /** Renderer-side listeners still attached to a channel. */
    listening: (channel: string) => rendererListeners.get(channel)?.size ?? 0,
  };
}
