/**
 * The parent's side of the engine host: `hostClient` adapts a HostPort (a utilityProcess in
 * Electron, a forked child in tests) to the one client core, so it gives the same EngineClient
 * as the WebSocket transport, with every reply checked the same way.
 * Calls are queued until the host says it is ready; when the host exits, calls in flight (and
 * later ones) reject with an 'internal' error saying the engine stopped.
 *
 * @example
 *   const child = fork('dist/app/api/engine-host.js', [], { serialization: 'advanced' });
 *   const client = hostClient(forkHostPort(child));
 *   const { version } = await client.call('health', {});
 */
import type { ChildProcess } from 'node:child_process';
import type { ParentMessage } from './host-protocol.js';
import { rpcClient } from './rpc/client-core.js';
import { listeners } from './rpc/listeners.js';
import type { EngineClient } from './rpc/engine-client.js';
import type { ClientMessage } from './rpc/messages.js';
import type { WireError } from './schemas.js';

/** A message channel to one engine host process. */
export interface HostPort {
  post(message: ParentMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

/** A child_process.fork child as a HostPort. Fork it with `serialization: 'advanced'` (typed arrays). */
export function forkHostPort(child: ChildProcess): HostPort {
  return {
    post: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => {
      child.on('message', listener);
    },
    onExit: (listener) => {
      child.on('exit', (code) => listener(code));
    },
    kill: () => {
      child.kill();
    },
  };
}

/**
 * A host message as the core's: a reply without its `type`, progress as a progress event, an
 * event as itself; undefined for what is not ours (e.g. a stray message) or `ready`.
 */
function coreMessageOf(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { type, ...fields } = raw as { type?: unknown; [field: string]: unknown };
  if (type === 'reply') return fields;
  if (type === 'progress') return { event: 'progress', ...fields };
  if (type === 'event') return fields.event;
  return undefined;
}

/** The core's message as the host protocol frames it. */
function parentMessageOf(message: ClientMessage): ParentMessage {
  if ('cancel' in message) return { type: 'cancel', id: message.cancel };
  return { type: 'call', id: message.id, command: message.command, args: message.args };
}

/**
 * The EngineClient of one engine host, by the one client core (rpc/client-core.ts). Messages
 * wait in a queue until the host says `ready`; its exit closes the channel.
 */
export function hostClient(port: HostPort): EngineClient {
  let ready = false;
  const queued: ParentMessage[] = [];
  const messages = listeners<unknown>();
  const closes = listeners<WireError>();

  port.onMessage((raw) => {
    if ((raw as { type?: unknown } | null)?.type === 'ready') {
      ready = true;
      for (const message of queued.splice(0)) port.post(message);
      return;
    }
    const message = coreMessageOf(raw);
    if (message === undefined) return;
    messages.emit(message);
  });

  port.onExit((code) => {
    queued.length = 0;
    const why = code === null ? 'killed or crashed' : `exit code ${code}`;
    const reason: WireError = { layer: 'api', tag: 'internal', message: `the engine stopped (${why})` };
    closes.emit(reason);
  });

  return rpcClient({
    post(message) {
      const framed = parentMessageOf(message);
      if (ready) port.post(framed);
      else queued.push(framed);
    },
    onMessage: (listener) => messages.add(listener),
    onClose: (listener) => closes.add(listener),
    // The process is its owner's to stop (the supervisor, a test): closing the client leaves it running.
    close: () => undefined,
  });
}

/** Main starts the Electron engine host's job workers: what the host asks, what main reports back. */
export { WorkerReport, WorkerRequest } from './host-protocol.js';
