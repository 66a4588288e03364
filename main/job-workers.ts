/**
 * Job workers for the engine host, started by main. The host is a utilityProcess and cannot
 * fork (child_process.fork needs ELECTRON_RUN_AS_NODE, whose fuse is off), and only main may
 * call utilityProcess.fork, so the host asks here (`startWorker`). Main forks the worker, makes
 * a MessageChannelMain, gives one port to the worker and the other to the host, so job messages
 * flow host ↔ worker directly as structured clones, and reports the worker's pid and exit.
 * `killWorker` calls child.kill(), which ends even a worker stuck in a synchronous loop.
 *
 * @example
 *   const workers = new JobWorkers({ workerScript, postToHost: (m, ports) => host.postMessage(m, ports) });
 *   host.on('message', (m) => workers.handle(m) || client(m));
 */
import { MessageChannelMain, utilityProcess, type MessagePortMain, type UtilityProcess } from 'electron';
import { resolve } from 'node:path';
import { WorkerRequest, type WorkerReport } from '../app/api/host-client.js';

export interface JobWorkersOptions {
  /** The one script a host may start: the package's worker entry (dist/app/api/jobs/worker.js). */
  workerScript: string;
  /** Posts a report to the host, transferring `ports`. */
  postToHost(report: WorkerReport, ports?: MessagePortMain[]): void;
}

export class JobWorkers {
  private readonly children = new Map<number, UtilityProcess>();
  private hostGone = false;

  constructor(private readonly options: JobWorkersOptions) {}

  /** Handles a message from the host if it is a worker request; false for anything else. */
  handle(message: unknown): boolean {
    const parsed = WorkerRequest.safeParse(message);
    if (!parsed.success) return false;
    const request = parsed.data;
    if (request.type === 'killWorker') this.children.get(request.workerId)?.kill();
    else this.start(request.workerId, request.script);
    return true;
  }

  /** The host is gone: its workers see their ports close and stop as asked; nothing is reported. */
  hostExited(): void {
    this.hostGone = true;
  }

  /** Workers still running (tests, diagnostics). */
  get running(): number {
    return this.children.size;
  }

  private start(workerId: number, script: string): void {
    if (this.children.has(workerId)) return;
    if (resolve(script) !== resolve(this.options.workerScript)) {
      console.error(`isotrope: refused to start ${script} as a job worker (not the package's worker)`);
      this.report({ type: 'workerExit', workerId, code: null });
      return;
    }
    let child: UtilityProcess;
    try {
      child = utilityProcess.fork(script, [], { serviceName: 'isotrope job', stdio: 'inherit' });
    } catch (error) {
      console.error(`isotrope: a job worker could not start: ${(error as Error).message}`);
      this.report({ type: 'workerExit', workerId, code: null });
      return;
    }
    this.children.set(workerId, child);
    const { port1: hostEnd, port2: workerEnd } = new MessageChannelMain();
    child.postMessage({ type: 'enginePort' }, [workerEnd]);
    this.report({ type: 'workerPort', workerId }, [hostEnd]);
    child.on('spawn', () => {
      if (child.pid !== undefined) this.report({ type: 'workerSpawned', workerId, pid: child.pid });
    });
    child.on('exit', (code) => {
      this.children.delete(workerId);
      this.report({ type: 'workerExit', workerId, code: typeof code === 'number' ? code : null });
    });
  }

  private report(report: WorkerReport, ports?: MessagePortMain[]): void {
    if (this.hostGone) return;
    try {
      this.options.postToHost(report, ports);
    } catch (error) {
      // The host died between its request and this report: its supervisor restarts it.
      console.error(
        `isotrope: could not tell the engine host about worker ${report.workerId}: ${(error as Error).message}`,
      );
    }
  }
}
