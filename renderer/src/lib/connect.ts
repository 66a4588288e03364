/**
 * Connects the renderer to the engine with the transport `chooseTransport` picks: the preload
 * bridge in Electron, the WebSocket of `isotrope serve` in a browser.
 */
import {
  fromBridge,
  type EngineBridge,
  connectWebSocket,
  type EngineClient,
} from '../../../app/api/contract.js';
import { chooseTransport } from './transport.js';

export interface Connected {
  client: EngineClient;
  mode: 'electron' | 'browser';
  /** The Electron bridge (menus, native dialogs, dropped files' paths); null in a browser. */
  bridge: EngineBridge | null;
}

declare global {
  interface Window {
    isotrope?: EngineBridge;
  }
}

/** The engine client for this page; rejects with a readable reason when there is no way to reach the engine. */
export async function connect(win: Window = window): Promise<Connected> {
  const transport = chooseTransport(win.location, win.isotrope !== undefined);
  if (transport.kind === 'bridge')
    return { client: fromBridge(win.isotrope!), mode: 'electron', bridge: win.isotrope! };
  if (transport.kind === 'none') throw new Error(transport.reason);
  return { client: await connectWebSocket(transport.url), mode: 'browser', bridge: null };
}
