/**
 * An Electron utilityProcess as the HostPort that app/api/host-client.ts speaks to (the
 * child_process twin, `forkHostPort`, lives beside the host). Messages are structured clones,
 * so plane bytes cross as Uint8Array without base64.
 */
import { utilityProcess } from 'electron';
import type { HostPort } from '../app/api/host-client.js';

/** Starts the engine host script (dist/app/api/engine-host.js) in a utilityProcess. */
export function forkUtilityHost(script: string): HostPort {
  const child = utilityProcess.fork(script, [], { serviceName: 'Isotrope engine', stdio: 'inherit' });
  return {
    post: (message) => child.postMessage(message),
    onMessage: (listener) => {
      child.on('message', listener);
    },
    onExit: (listener) => {
      child.on('exit', listener);
    },
    kill: () => {
      child.kill();
    },
  };
}
