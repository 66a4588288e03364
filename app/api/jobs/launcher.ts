/**
 * How a job's worker process is started: a `WorkerLauncher` gives a `WorkerHandle` that Jobs
 * talks to, whatever kind of process is behind it. The default, `forkLauncher`, is a
 * child_process fork with `serialization: 'advanced'` (typed arrays and Infinity cross intact):
 * what the CLI and `isotrope serve` use. Under Electron the engine host cannot fork (that needs
 * ELECTRON_RUN_AS_NODE, a fuse the package turns off), so it asks main to start a utilityProcess
 * instead (parent-launcher.ts).
 *
 * @example
 *   const worker = forkLauncher.launch('dist/app/api/jobs/worker.js');
 *   worker.onExit((code) => console.log('worker exited', code));
 */
import { fork } from 'node:child_process';
import type { FromWorker, ToWorker } from './protocol.js';

/** One worker process, as Jobs sees it. */
export interface WorkerHandle {
  /** Sends a message, if the worker is still there to take it. */
  send(message: ToWorker): void;
  onMessage(listener: (message: FromWorker) => void): void;
  /**
   * Called once when the worker is gone, after every message it sent was delivered; `signal` is
   * the signal that ended it where the process kind reports one. A worker that could not be
   * started exits too (code null).
   */
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  /** Ends the worker now, even when its JavaScript is stuck in a synchronous loop. */
  kill(): void;
  /** Its process id once known (tests, diagnostics). */
  readonly pid: number | undefined;
}

export interface WorkerLauncher {
  /** Starts `script` (the compiled worker entry) in a process of its own. */
  launch(script: string): WorkerHandle;
}

/** Workers as child_process forks: Node's IPC with `serialization: 'advanced'`. */
export const forkLauncher: WorkerLauncher = {
  launch(script) {
    const child = fork(script, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const exitListeners: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
    let exited = false;
    const exit = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (exited) return;
      exited = true;
      for (const listener of exitListeners) listener(code, signal);
    };
    child.on('exit', exit);
    // 'error' (fork failed) is followed by 'exit' or nothing: settle on whichever comes first.
    child.on('error', () => exit(null, null));
    return {
      send: (message) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => {
        child.on('message', listener);
      },
      onExit: (listener) => {
        exitListeners.push(listener);
      },
      kill: () => {
        child.kill('SIGKILL');
      },
      get pid() {
        return child.pid;
      },
    };
  },
};
