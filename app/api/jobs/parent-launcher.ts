/**
 * Job workers started by the engine host's parent (Electron main) as utilityProcesses: the
 * WorkerLauncher of the engine host inside the app. `launch` asks main to start the worker
 * (`startWorker`); main answers with one end of a MessageChannelMain whose other end the worker
 * holds, so job messages go host ↔ worker directly as structured clones (typed arrays intact),
 * and main reports the worker's pid and exit. `kill` asks main, which calls child.kill().
 *
 * @example
 *   const launcher = new ParentLauncher((request) => parentPort.postMessage(request));
 *   parentPort.on('message', (e) => launcher.receive(e.data, e.ports));
 *   new Jobs({ launcher, onChange, onMessage });
 */
import type { WorkerReport, WorkerRequest } from '../host-protocol.js';
import type { WorkerHandle, WorkerLauncher } from './launcher.js';
import type { FromWorker, ToWorker } from './protocol.js';

/** Electron's MessagePortMain, as far as the host uses it. */
export interface WorkerPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  on(event: 'close', listener: () => void): void;
  start(): void;
  close(): void;
}

/**
 * How long an exit waits for the worker's port to close. The exit comes by way of main, the
 * messages straight from the worker: the port's close comes after the last of them, so we wait
 * for it, but never for ever.
 */
const PORT_CLOSE_WAIT_MS = 2_000;

interface Remote {
  port: WorkerPort | undefined;
  /** Messages sent before main handed the port over. */
  queued: ToWorker[];
  pid: number | undefined;
  portClosed: boolean;
  exitCode: number | null | undefined;
  exited: boolean;
  messageListeners: ((message: FromWorker) => void)[];
  exitListeners: ((code: number | null, signal: NodeJS.Signals | null) => void)[];
}

export class ParentLauncher implements WorkerLauncher {
  private readonly workers = new Map<number, Remote>();
  private nextId = 1;

  constructor(private readonly post: (request: WorkerRequest) => void) {}

  launch(script: string): WorkerHandle {
    const workerId = this.nextId++;
    const remote: Remote = {
      port: undefined,
      queued: [],
      pid: undefined,
      portClosed: false,
      exitCode: undefined,
      exited: false,
      messageListeners: [],
      exitListeners: [],
    };
    this.workers.set(workerId, remote);
    this.post({ type: 'startWorker', workerId, script });
    return {
      send: (message) => {
        if (remote.exited || remote.portClosed) return;
        if (remote.port) remote.port.postMessage(message);
        else remote.queued.push(message);
      },
      onMessage: (listener) => {
        remote.messageListeners.push(listener);
      },
      onExit: (listener) => {
        remote.exitListeners.push(listener);
      },
      kill: () => {
        if (!remote.exited) this.post({ type: 'killWorker', workerId });
      },
      get pid() {
        return remote.pid;
      },
    };
  }

  /** A report from main about worker `workerId`; `ports` are the message's transferred ports. */
  receive(report: WorkerReport, ports: readonly WorkerPort[] = []): void {
    const remote = this.workers.get(report.workerId);
    if (!remote) return;
    if (report.type === 'workerSpawned') remote.pid = report.pid;
    else if (report.type === 'workerPort' && ports[0]) this.attach(report.workerId, remote, ports[0]);
    else if (report.type === 'workerExit') {
      remote.exitCode = report.code;
      if (!remote.port || remote.portClosed) this.exit(report.workerId, remote);
      else setTimeout(() => this.exit(report.workerId, remote), PORT_CLOSE_WAIT_MS).unref();
    }
  }

  private attach(workerId: number, remote: Remote, port: WorkerPort): void {
    remote.port = port;
    port.on('message', (event) => {
      if (remote.exited) return;
      for (const listener of remote.messageListeners) listener(event.data as FromWorker);
    });
    port.on('close', () => {
      remote.portClosed = true;
      if (remote.exitCode !== undefined) this.exit(workerId, remote);
    });
    port.start();
    for (const message of remote.queued.splice(0)) port.postMessage(message);
  }

  private exit(workerId: number, remote: Remote): void {
    if (remote.exited) return;
    remote.exited = true;
    this.workers.delete(workerId);
    remote.port?.close();
    for (const listener of remote.exitListeners) listener(remote.exitCode ?? null, null);
  }
}
