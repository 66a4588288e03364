/**
 * The one application window: secure webPreferences and guards (security.ts), the renderer from
 * its own app:// origin (app-protocol.ts), bounds from the remembered state clamped to today's
 * displays (window-state.ts), saved again as it moves.
 */
import { BrowserWindow, screen } from 'electron';
import { APP_INDEX_URL } from './app-protocol.js';
import { guardWebContents, secureWebPreferences } from './security.js';
import { clampWindowState, loadWindowState, MIN_SIZE, saveWindowState, type Rect } from './window-state.js';

export interface MainWindowOptions {
  /** out/preload/index.cjs. */
  preload: string;
  /** electron-vite's dev server (development only; the caller never passes it in a packaged app). */
  devServerUrl?: string;
  /** userData/window-state.json. */
  stateFile: string;
}

/** Saving on every pixel of a drag would write the file hundreds of times; once it settles is enough. */
const SAVE_DELAY_MS = 500;

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const state = clampWindowState(loadWindowState(options.stateFile), workAreas());
  const window = new BrowserWindow({
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Isotrope',
    show: false,
    backgroundColor: '#16181d',
    webPreferences: secureWebPreferences(options.preload),
  });
  guardWebContents(window.webContents);
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  rememberState(window, options.stateFile);
  if (options.devServerUrl) void window.loadURL(options.devServerUrl);
  else void window.loadURL(APP_INDEX_URL);
  return window;
}

/** Work areas of the connected displays, the primary one first. */
function workAreas(): Rect[] {
  const primary = screen.getPrimaryDisplay();
  return [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
}

function rememberState(window: BrowserWindow, file: string): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = (): void => {
    clearTimeout(timer);
    if (window.isDestroyed()) return;
    // Normal bounds: a maximized window reopens maximized over the size it had before.
    const bounds = window.getNormalBounds();
    try {
      saveWindowState(file, { ...bounds, maximized: window.isMaximized() });
    } catch (e) {
      console.warn(`isotrope: could not save the window state to ${file}: ${(e as Error).message}`);
    }
  };
  const saveSoon = (): void => {
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  for (const event of ['resized', 'moved', 'maximize', 'unmaximize'] as const)
    window.on(event as 'resized', saveSoon);
  window.on('close', save);
}
