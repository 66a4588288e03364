/**
 * Small fakes of the Electron APIs the main process uses, for `vi.mock('electron', …)`: there
 * is no Electron binary on the test machines. They record what main asks of them (options,
 * handlers, messages sent) so the tests can check it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
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

let nextPortId = 1;

/**
 * A MessagePortMain. Messages are structured clones, queued until start(). Transferred into a
 * fake utility child (`FakeUtilityProcess.postMessage`), its messages go to that child over IPC.
 */
export class FakeMessagePort extends EventEmitter {
  readonly portId = nextPortId++;
  partner: FakeMessagePort | undefined;
  /** The fake utility child now holding this end. */
  holder: ChildProcess | undefined;
  private queue: unknown[] = [];
  private started = false;
  closed = false;

  postMessage(data: unknown): void {
    if (!this.closed) this.partner?.deliver(structuredClone(data));
  }
  deliver(data: unknown): void {
    if (this.closed) return;
    if (this.holder) {
      if (this.holder.connected) this.holder.send({ fakePort: this.portId, data });
    } else if (this.started) setImmediate(() => this.emit('message', { data }));
    else this.queue.push(data);
  }
  start(): void {
    this.started = true;
    for (const data of this.queue.splice(0)) setImmediate(() => this.emit('message', { data }));
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const partner = this.partner;
    if (!partner || partner.closed) return;
    partner.closed = true;
    if (partner.holder?.connected) partner.holder.send({ fakePortClose: partner.portId });
    else if (!partner.holder) setImmediate(() => partner.emit('close'));
  }
}

export class FakeMessageChannelMain {
  readonly port1 = new FakeMessagePort();
  readonly port2 = new FakeMessagePort();
  constructor() {
    this.port1.partner = this.port2;
    this.port2.partner = this.port1;
  }
}

const FAKE_UTILITY_CHILD = join(import.meta.dirname, 'fake-utility-child.mjs');

/**
 * A utilityProcess: the script really runs, in a Node child (fake-utility-child.mjs gives it
 * `process.parentPort`); ports posted to it are relayed over Node IPC.
 */
export class FakeUtilityProcess extends EventEmitter {
  static instances: FakeUtilityProcess[] = [];
  readonly child: ChildProcess;
  private readonly ports = new Map<number, FakeMessagePort>();

  constructor(
    readonly script: string,
    readonly options: Record<string, unknown>,
  ) {
    super();
    FakeUtilityProcess.instances.push(this);
    this.child = fork(FAKE_UTILITY_CHILD, [script], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('spawn', () => this.emit('spawn'));
    this.child.on('message', (message: Record<string, unknown>) => {
      if ('fakeParent' in message) this.emit('message', message.fakeParent);
      else if ('fakePort' in message) this.ports.get(message.fakePort as number)?.postMessage(message.data);
      else if ('fakePortClose' in message) this.ports.get(message.fakePortClose as number)?.close();
    });
    // Electron reports a code for every exit; ports held by the child close once its IPC is gone.
    this.child.on('exit', (code, signal) => this.emit('exit', code ?? (signal ? 137 : 0)));
    this.child.on('close', () => {
      for (const port of this.ports.values()) port.close();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }
  postMessage(message: unknown, transfer: FakeMessagePort[] = []): void {
    for (const port of transfer) {
      port.holder = this.child;
      this.ports.set(port.portId, port);
    }
    if (this.child.connected)
      this.child.send({ fakeParent: message, portIds: transfer.map((port) => port.portId) });
  }
  kill(): boolean {
    return this.child.kill('SIGKILL');
  }
}

export const electron = {
  utilityProcess: {
    fork: vi.fn(
      (script: string, _args: string[], options: Record<string, unknown>) =>
        new FakeUtilityProcess(script, options),
    ),
  },
  MessageChannelMain: FakeMessageChannelMain,
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
