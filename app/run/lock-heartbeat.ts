/**
 * The lock's heartbeat, on a thread of its own. A unit may compute synchronously for longer
 * than the stale limit (tfjs-wasm runs on the calling thread), and a timer on that thread would
 * not fire until the unit ends, so the lock would look abandoned and another process would take
 * the shard over mid-unit. A worker thread has its own event loop: it touches the lock through
 * the holder's open descriptor (so it can only ever refresh the holder's own file, never a lock
 * that replaced it) and reports when the name no longer points at that file.
 */
import { Worker } from 'node:worker_threads';

/** The worker's whole program, evaluated as CommonJS: no file to locate from dist/, vitest or a bundle. */
const HEARTBEAT_PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const { fstatSync, futimesSync, statSync } = require('node:fs');
const { fd, path, intervalMs } = workerData;
const own = fstatSync(fd);
const timer = setInterval(() => {
  let current;
  try {
    current = statSync(path);
  } catch {
    current = undefined;
  }
  if (!current || current.ino !== own.ino || current.dev !== own.dev) {
    clearInterval(timer);
    parentPort.postMessage('lost');
    return;
  }
  const now = new Date();
  try {
    futimesSync(fd, now, now);
  } catch {
    // A transient error (NFS hiccup): the next beat tries again, and 30 s is many beats.
  }
}, intervalMs);
`;

export interface Heartbeat {
  /** True once the worker saw the lock's name point elsewhere (taken over, or deleted). */
  readonly lost: boolean;
  /** Stops the worker; resolves once it can no longer touch `fd`, so the caller may close it. */
  stop(): Promise<void>;
}

/**
 * Starts refreshing the mtime of the file open as `fd` every `intervalMs`, while `path` still
 * names it. The worker is unref'd: a holder that forgets to release does not hang its process.
 */
export function startHeartbeat(fd: number, path: string, intervalMs: number): Heartbeat {
  const worker = new Worker(HEARTBEAT_PROGRAM, { eval: true, workerData: { fd, path, intervalMs } });
  let lost = false;
  worker.on('message', (message) => {
    if (message === 'lost') lost = true;
  });
  // A worker that fails to start leaves the lock without a heartbeat: it goes stale 30 s later,
  // which is what a crash would do, so there is nothing more to do here than not crash.
  worker.on('error', () => undefined);
  worker.unref();
  return {
    get lost() {
      return lost;
    },
    async stop() {
      await worker.terminate();
    },
  };
}
