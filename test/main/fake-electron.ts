/**
 * Small fakes of the Electron APIs the main process uses, for `vi.mock('electron', …)`: there
 * is no Electron binary on the test machines. They record what main asks of them (options,
 * handlers, messages sent) so the tests can check it.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

let nextId = 1;

/** A session: records the header hook and the permission handlers main installs on it. */
export class FakeSession {
  headersHook: ((details: unknown, callback: (response: unknown) => void) => void) | undefined;
  permissionRequest:
    ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
  permissionCheck: (() => boolean) | undefined;
  hardenedTimes = 0;
  readonly webRequest = {
    onHeadersReceived: (hook: FakeSession['headersHook']) => {
      this.headersHook = hook;
      this.hardenedTimes++;
    },
  };
  setPermissionRequestHandler(handler: FakeSession['permissionRequest']): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheck']): void {
    this.permissionCheck = handler;
  }
}

export const defaultSession = new FakeSession();

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  /** The default session unless a test gives it a partition's. */
  session: FakeSession = defaultSession;
  readonly mainFrame = { frameId: 1, url: 'app://isotrope/index.html' };
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | undefined;
  destroyed = false;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload: structuredClone(payload) });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/** Dispatches a cancellable Electron-style event; true when a listener called preventDefault. */
export function emitCancellable(target: EventEmitter, name: string, ...args: unknown[]): boolean {
  let prevented = false;
  target.emit(
    name,
    {
      preventDefault: () => {
        prevented = true;
      },
    },
    ...args,
  );
  return prevented;
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loaded: { file?: string; url?: string } = {};
  maximized = false;
  shown = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }

  loadFile(file: string): Promise<void> {
    this.loaded.file = file;
    return Promise.resolve();
  }
  loadURL(url: string): Promise<void> {
    this.loaded.url = url;
    return Promise.resolve();
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  show(): void {
    this.shown = true;
  }
  isDestroyed(): boolean {
    return false;
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    const o = this.options as { x?: number; y?: number; width: number; height: number };
    return { x: o.x ?? 0, y: o.y ?? 0, width: o.width, height: o.height };
  }
}

/** The app module's events (web-contents-created, …): a plain emitter the tests fire. */
export class FakeApp extends EventEmitter {}

export const displays = {
  list: [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }],
};

export const electron = {
  BrowserWindow: FakeBrowserWindow,
  screen: {
    getPrimaryDisplay: () => displays.list[0],
    getAllDisplays: () => displays.list,
  },
  shell: { openExternal: vi.fn(async () => undefined) },
  Menu: {
    buildFromTemplate: vi.fn((template: unknown) => ({ template })),
    setApplicationMenu: vi.fn(),
  },
  dialog: { showOpenDialog: vi.fn(), showMessageBox: vi.fn(), showErrorBox: vi.fn() },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
};
