/**
 * An Electron utilityProcess as the HostPort that app/api/host-client.ts speaks to (the
 * child_process twin, `forkHostPort`, lives beside the host). Messages are structured clones,
 * so plane bytes cross as Uint8Array without base64. The host's requests for job workers are
 * answered here (job-workers.ts) and never reach the client.
 */
import { utilityProcess } from 'electron';
import type { HostPort } from '../app/api/host-client.js';
import { JobWorkers } from './job-workers.js';

/**
 * Starts the engine host script (dist/app/api/engine-host.js) in a utilityProcess, whose job
 * workers main starts from `workerScript` (dist/app/api/jobs/worker.js).
 */
export function forkUtilityHost(script: string, workerScript: string): HostPort {
  const child = utilityProcess.fork(script, [], { serviceName: 'Isotrope engine', stdio: 'inherit' });
  const workers = new JobWorkers({
    workerScript,
    postToHost: (report, ports) => child.postMessage(report, ports),
  });
  const listeners: ((message: unknown) => void)[] = [];
  // One listener from the start: worker requests are served even before the client listens.
  child.on('message', (message: unknown) => {
    if (workers.handle(message)) return;
    for (const listener of listeners) listener(message);
  });
  child.on('exit', () => workers.hostExited());
  return {
    post: (message) => child.postMessage(message),
    onMessage: (listener) => {
      listeners.push(listener);
    },
    onExit: (listener) => {
      child.on('exit', listener);
    },
    kill: () => {
      child.kill();
    },
  };
}
