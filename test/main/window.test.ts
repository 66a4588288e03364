/** The application window: secure options, guards, the built page, and bounds from the remembered state. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { displays, emitCancellable, FakeBrowserWindow } from './fake-electron.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electron);
const { createMainWindow } = await import('../../main/window.js');
const { saveWindowState, loadWindowState } = await import('../../main/window-state.js');

const stateFile = () => join(mkdtempSync(join(tmpdir(), 'isotrope-window-')), 'window-state.json');
const open = (file = stateFile(), devServerUrl?: string) =>
  createMainWindow({
    preload: '/app/out/preload/index.cjs',
    stateFile: file,
    devServerUrl,
  }) as unknown as FakeBrowserWindow;

describe('createMainWindow', () => {
  it('opens the built page from app:// with the sandboxed preload and no Node', () => {
    const window = open();
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    // From the app's own origin (main/app-protocol.ts serves out/renderer there), never file://.
    expect(window.loaded).toEqual({ url: 'app://isotrope/index.html' });
    expect(window.options.show).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('uses the dev server only when given one', () => {
    expect(open(stateFile(), 'http://localhost:5173').loaded).toEqual({ url: 'http://localhost:5173' });
  });

  it('guards its page against navigation and new windows', () => {
    const window = open();
    expect(emitCancellable(window.webContents, 'will-navigate', 'https://evil.example')).toBe(true);
    expect(window.webContents.windowOpenHandler!({ url: 'https://evil.example' })).toEqual({
      action: 'deny',
    });
  });

  it('reopens where it was, maximized if it was, and saves its state when closed', () => {
    displays.list = [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }];
    const file = stateFile();
    saveWindowState(file, { x: 100, y: 80, width: 1000, height: 700, maximized: true });
    const window = open(file);
    expect(window.options).toMatchObject({
      x: 100,
      y: 80,
      width: 1000,
      height: 700,
      minWidth: 800,
      minHeight: 560,
    });
    expect(window.maximized).toBe(true);
    window.maximized = false;
    window.emit('close');
    expect(loadWindowState(file)).toEqual({ x: 100, y: 80, width: 1000, height: 700, maximized: false });
  });

  it('puts a window saved on a missing monitor back on the primary display', () => {
    displays.list = [{ id: 1, workArea: { x: 0, y: 0, width: 1280, height: 760 } }];
    const file = stateFile();
    saveWindowState(file, { x: 3000, y: 100, width: 1600, height: 1000, maximized: false });
    expect(open(file).options).toMatchObject({ x: 0, y: 0, width: 1280, height: 760 });
  });
});
