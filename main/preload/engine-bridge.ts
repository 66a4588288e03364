/**
 * The bridge object the preload exposes as `window.isotrope`: each method one IPC message on a
 * channel from bridge.ts. Listeners get the payload only, never Electron's event object (it
 * would hand the page `sender`, a way back into ipcRenderer). Sandbox-safe: it needs nothing
 * but the ipcRenderer and webUtils it is given.
 */
import type { IpcRenderer, IpcRendererEvent, WebUtils } from 'electron';
import { IPC, type CallReply, type EngineBridge } from '../../app/api/contract.js';
import type { ApiEvent } from '../../app/api/contract.js';

export type BridgeIpc = Pick<IpcRenderer, 'invoke' | 'send' | 'on' | 'removeListener'>;

export function createBridge(ipc: BridgeIpc, webUtils: Pick<WebUtils, 'getPathForFile'>): EngineBridge {
  const subscribe = <T>(channel: string, listener: (payload: T) => void): (() => void) => {
    const relay = (_event: IpcRendererEvent, payload: T): void => listener(payload);
    ipc.on(channel, relay);
    return () => {
      ipc.removeListener(channel, relay);
    };
  };
  return {
    call: (command, args, requestId) =>
      ipc.invoke(IPC.call, { requestId, command, args }) as Promise<CallReply>,
    cancel: (requestId) => ipc.send(IPC.cancel, { requestId }),
    onEvent: (listener) => subscribe<ApiEvent>(IPC.event, listener),
    onMenu: (listener) => subscribe(IPC.menu, listener),
    showOpenDialog: (options) => ipc.invoke(IPC.openDialog, { kind: options.kind }) as Promise<string | null>,
    pathForFile: (file) => webUtils.getPathForFile(file),
  };
}
