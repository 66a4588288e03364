/**
 * The engine in its own process, for the Electron shell: creates an Engine and speaks the
 * messages of host-protocol.ts with its parent. Works as an Electron utilityProcess child
 * (`process.parentPort`) and as a child_process.fork child (`process.on('message')`,
 * `process.send`; fork it with `serialization: 'advanced'` so bytes stay Uint8Array).
 * Exits when the parent goes away.
 *
 * @example
 *   const child = fork('dist/app/api/engine-host.js', [], { serialization: 'advanced' });
 *   const client = hostClient(forkHostPort(child));
 */
import { Engine } from './engine.js';
import { describeZodError, toWireError } from './errors.js';
import { ParentMessage, type HostMessage } from './host-protocol.js';
import { isBinaryCommand, isCommandName, type RequestId } from './schemas.js';
import { packageInfo } from './version.js';

/** Electron's utilityProcess side of the channel (only present there). */
interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

interface Channel { post(message: HostMessage): void; onMessage(listener: (message: unknown) => void): void }

function parentChannel(): Channel {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return { post: (m) => parentPort.postMessage(m), onMessage: (l) => parentPort.on('message', (e) => l(e.data)) };
  }
  if (!process.send) throw new Error('engine-host must run as a child process with an IPC channel (fork or utilityProcess)');
  return {
    post: (m) => { if (process.connected) process.send!(m); },
    onMessage: (l) => process.on('message', l),
  };
}

/** Serves `engine` over `channel` until the parent disconnects. */
export function serveHost(engine: Engine, channel: Channel): void {
  const aborts = new Map<RequestId, AbortController>();
  engine.onEvent((event) => channel.post({ type: 'event', event }));

  channel.onMessage((raw) => {
    const parsed = ParentMessage.safeParse(raw);
    if (!parsed.success) {
      const error = { layer: 'api', tag: 'bad-request', message: `bad host message: ${describeZodError(parsed.error)}` } as const;
      channel.post({ type: 'event', event: { event: 'error', error } });
      return;
    }
    const message = parsed.data;
    if (message.type === 'cancel') {
      aborts.get(message.id)?.abort(new Error('cancelled by the caller'));
      return;
    }
    const { id, command, args } = message;
    const abort = new AbortController();
    aborts.set(id, abort);
    const ctx = {
      signal: abort.signal,
      onProgress: (task: string, fraction: number) => channel.post({ type: 'progress', id, task, fraction }),
    };
    engine.dispatch(command, args, ctx).then((outcome) => {
      if (isCommandName(command) && isBinaryCommand(command)) {
        const { header, data } = outcome as { header: unknown; data: Uint8Array };
        // A plain Uint8Array (not a Buffer view of a pooled slab) so the clone carries only these bytes.
        const bytes = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.constructor === Uint8Array
          ? data : new Uint8Array(data);
        channel.post({ type: 'reply', id, ok: true, binary: true, header, data: bytes });
      } else {
        channel.post({ type: 'reply', id, ok: true, result: outcome });
      }
    }, (e: unknown) => {
      channel.post({ type: 'reply', id, ok: false, error: toWireError(e) });
    }).finally(() => aborts.delete(id));
  });
}

function main(): void {
  const engine = new Engine();
  const channel = parentChannel();
  serveHost(engine, channel);
  const stop = (): void => { engine.close().finally(() => process.exit(0)); };
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  channel.post({ type: 'ready', version: packageInfo().version });
}

main();
