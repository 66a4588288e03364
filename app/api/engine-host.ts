/**
 * The engine in its own process, for the Electron shell: creates an Engine and speaks the
 * messages of host-protocol.ts with its parent. Works as an Electron utilityProcess child
 * (`process.parentPort`) and as a child_process.fork child (`process.on('message')`,
 * `process.send`; fork it with `serialization: 'advanced'` so bytes stay Uint8Array).
 * Exits when the parent goes away. Inside Electron it cannot fork job workers (the RunAsNode
 * fuse is off), so there it asks main to start them (jobs/parent-launcher.ts); forked, it forks
 * them itself.
 *
 * @example
 *   const child = fork('dist/app/api/engine-host.js', [], { serialization: 'advanced' });
 *   const client = hostClient(forkHostPort(child));
 */
import { Engine } from './engine.js';
import { describeZodError } from './errors.js';
import { ParentMessage, WorkerReport, type HostMessage, type WorkerRequest } from './host-protocol.js';
import { ParentLauncher, type WorkerPort } from './jobs/parent-launcher.js';
import type { ServerMessage } from './rpc/messages.js';
import { serveRequests } from './rpc/serve-requests.js';
import { packageInfo } from './version.js';

/** Electron's utilityProcess side of the channel (only present there). */
interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown; ports?: WorkerPort[] }) => void): void;
  postMessage(message: unknown): void;
}

interface Channel {
  post(message: HostMessage | WorkerRequest): void;
  /** `ports`: the message's transferred MessagePorts (Electron only). */
  onMessage(listener: (message: unknown, ports: readonly WorkerPort[]) => void): void;
  /** True in an Electron utilityProcess, whose parent (main) starts the job workers. */
  readonly parentStartsWorkers: boolean;
}

function parentChannel(): Channel {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      post: (m) => parentPort.postMessage(m),
      onMessage: (l) => parentPort.on('message', (e) => l(e.data, e.ports ?? [])),
      parentStartsWorkers: true,
    };
  }
  if (!process.send)
    throw new Error('engine-host must run as a child process with an IPC channel (fork or utilityProcess)');
  return {
    post: (m) => {
      if (process.connected) process.send!(m);
    },
    onMessage: (l) => process.on('message', (m) => l(m, [])),
    parentStartsWorkers: false,
  };
}

/**
 * A server message of the request loop as the host protocol frames it. A binary reply's bytes
 * go as a plain Uint8Array (not a Buffer view of a pooled slab), so the clone carries only them.
 */
function hostMessageOf(message: ServerMessage): HostMessage {
  if ('event' in message) {
    const { id, task, fraction } = message;
    return { type: 'progress', id, task, fraction };
  }
  if (!('binary' in message)) return { type: 'reply', ...message } as HostMessage;
  const { data } = message;
  const wholeBuffer = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  const whole = wholeBuffer && data.constructor === Uint8Array;
  return { type: 'reply', ...message, data: whole ? data : new Uint8Array(data) };
}

/**
 * Serves `engine` over `channel` until the parent disconnects, by rpc/serve-requests.ts's loop;
 * main's reports about job workers go to `launcher`.
 */
export function serveHost(engine: Engine, channel: Channel, launcher?: ParentLauncher): void {
  const loop = serveRequests(engine, (message) => channel.post(hostMessageOf(message)));
  engine.onEvent((event) => channel.post({ type: 'event', event }));

  channel.onMessage((raw, ports) => {
    const report = WorkerReport.safeParse(raw);
    if (report.success) return launcher?.receive(report.data, ports);
    const parsed = ParentMessage.safeParse(raw);
    if (!parsed.success) {
      const message = `bad host message: ${describeZodError(parsed.error)}`;
      const error = { layer: 'api', tag: 'bad-request', message } as const;
      channel.post({ type: 'event', event: { event: 'error', error } });
      return;
    }
    const message = parsed.data;
    if (message.type === 'cancel') loop.receive({ cancel: message.id });
    else loop.receive({ id: message.id, command: message.command, args: message.args });
  });
}

function main(): void {
  const channel = parentChannel();
  const launcher = channel.parentStartsWorkers ? new ParentLauncher((m) => channel.post(m)) : undefined;
  const engine = new Engine({ launcher });
  serveHost(engine, channel, launcher);
  const stop = (): void => {
    engine.close().finally(() => process.exit(0));
  };
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  channel.post({ type: 'ready', version: packageInfo().version });
}

main();
