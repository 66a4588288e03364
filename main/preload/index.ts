/**
 * The preload (built to out/preload/index.cjs: a sandboxed preload must be CommonJS). It
 * exposes exactly one object, `window.isotrope`, the EngineBridge of app/api/bridge.ts.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge } from './engine-bridge.js';

contextBridge.exposeInMainWorld('isotrope', createBridge(ipcRenderer, webUtils));
