/**
 * The entry of a job's worker process (dist/app/api/jobs/worker.js): runs one job and exits.
 * Jobs live here, not in the engine's process, because wasm training never yields (the API
 * would freeze) and a native abort or OOM must not take the server down. It runs as a
 * child_process fork (launcher.ts: Node IPC) or, inside Electron, as a utilityProcess that main
 * started (parent-launcher.ts): its first parentPort message carries the MessagePort to the
 * engine host. One WorkerChannel, chosen at start, hides which.
 */
import { toWireError } from '../errors.js';
import type { FromWorker, JobSpec, ToWorker } from './protocol.js';
import { runTask } from './tasks/index.js';

/** The worker's line to the engine: messages both ways, and the engine going away. */
interface WorkerChannel {
  /** Resolves once the message is on its way (or there is no one left to take it). */
  send(message: FromWorker): Promise<void>;
  onMessage(listener: (message: ToWorker) => void): void;
  onDisconnect(listener: () => void): void;
  /** Lets the last messages go before the process exits. */
  close(): Promise<void>;
}

/** Electron's MessagePortMain and utilityProcess parentPort, as far as the worker uses them. */
interface ElectronPort {
  on(event: 'message', listener: (event: { data: unknown; ports?: ElectronPort[] }) => void): void;
  on(event: 'close', listener: () => void): void;
  once(event: 'message', listener: (event: { data: unknown; ports?: ElectronPort[] }) => void): void;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

/** How long a utilityProcess worker lingers after its last message (see close). */
const FLUSH_MS = 100;

function forkChannel(): WorkerChannel {
  return {
    send: (message) =>
      new Promise((resolve) => {
        if (!process.send || !process.connected) return resolve();
        process.send(message, undefined, undefined, () => resolve());
      }),
    onMessage: (listener) => process.on('message', listener),
    onDisconnect: (listener) => process.on('disconnect', listener),
    close: () => Promise.resolve(),
  };
}

/** The engine's port arrives in the first parentPort message; until then messages wait. */
function utilityChannel(parentPort: ElectronPort): WorkerChannel {
  let port: ElectronPort | undefined;
  let closed = false;
  const messageListeners: ((message: ToWorker) => void)[] = [];
  const disconnectListeners: (() => void)[] = [];
  parentPort.once('message', (event) => {
    port = event.ports?.[0];
    if (!port) return disconnectListeners.forEach((listener) => listener());
    port.on('message', (portEvent) =>
      messageListeners.forEach((listener) => listener(portEvent.data as ToWorker)),
    );
    port.on('close', () => {
      closed = true;
      disconnectListeners.forEach((listener) => listener());
    });
    port.start();
  });
  return {
    send: (message) => {
      if (port && !closed) port.postMessage(message);
      return Promise.resolve();
    },
    onMessage: (listener) => messageListeners.push(listener),
    onDisconnect: (listener) => disconnectListeners.push(listener),
    close: () => {
      // A MessagePort has no delivery callback: give the pipe a moment before the process exits.
      return new Promise((resolve) =>
        setTimeout(() => {
          port?.close();
          resolve();
        }, FLUSH_MS),
      );
    },
  };
}

const parentPort = (process as unknown as { parentPort?: ElectronPort }).parentPort;
const channel = parentPort ? utilityChannel(parentPort) : forkChannel();
const abort = new AbortController();

async function start(spec: JobSpec): Promise<void> {
  let code = 0;
  try {
    const { result, stopped } = await runTask(spec, {
      signal: abort.signal,
      report: (m) => void channel.send(m),
    });
    await channel.send({ type: 'done', result, stopped });
  } catch (e) {
    await channel.send({ type: 'failed', error: toWireError(e) });
    code = 1;
  }
  await channel.close();
  // tfjs and Dawn may hold handles open; the job is over, so leave now.
  process.exit(code);
}

channel.onMessage((m) => {
  if (m.type === 'start') void start(m.spec);
  else if (m.type === 'stop') abort.abort(new Error('stop requested'));
});
// The engine went away: stop as asked (checkpoint or finish the unit), then exit.
channel.onDisconnect(() => abort.abort(new Error('engine disconnected')));
