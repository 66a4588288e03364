/**
 * An onnxruntime session in its own worker thread (see session-worker.ts), used from the main
 * thread as `await session.run(feeds)`. Runs are served in order; a session is released with
 * `release()` (the worker exits).
 * @example
 *   const s = await OrtSession.create(modelBytes, { provider: 'cpu', threads: 2 });
 *   const { y } = await s.run({ x: { data, dims: [1, 1, 256, 256] } });
 *   await s.release();
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { ComputeError } from '../errors.js';
import type { HostTensor, OrtProvider, SessionReply, SessionRequest } from './session-protocol.js';

export type { HostTensor, OrtProvider } from './session-protocol.js';

export interface OrtSessionOptions {
  provider: OrtProvider;
  /** Intra-op threads. */
  threads: number;
}

/** The compiled worker; sources under vitest use the build's copy beside them in dist/. */
function workerPath(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return fileURLToPath(new URL('./session-worker.js', import.meta.url));
  return here.replace(
    /([/\\])app([/\\])compute([/\\])onnx([/\\])session\.ts$/,
    '$1dist$1app$1compute$1onnx$1session-worker.js',
  );
}

interface Pending {
  resolve(o: Record<string, HostTensor>): void;
  reject(e: Error): void;
}

export class OrtSession {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private dead: Error | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly backend: string,
  ) {
    worker.on('message', (m: SessionReply) => {
      if (m.type !== 'result' && m.type !== 'error') return;
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.type === 'result') p?.resolve(m.outputs);
      else p?.reject(new ComputeError('setup-failed', `session run failed: ${m.error}`, { backend }));
    });
    const fail = (e: Error): void => {
      this.dead = e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on('error', (e) =>
      fail(new ComputeError('setup-failed', `session worker died: ${e.message}`, { backend, cause: e })),
    );
    worker.on('exit', () => fail(new ComputeError('setup-failed', 'session worker exited', { backend })));
  }

  /** Starts a worker and loads `model` there with the given provider and threads. */
  static async create(model: Uint8Array, options: OrtSessionOptions): Promise<OrtSession> {
    const backend = `ort-${options.provider}`;
    const worker = new Worker(workerPath(), {
      workerData: { model, provider: options.provider, threads: options.threads },
    });
    const ready = await new Promise<SessionReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    }).catch((e: Error) => ({ type: 'failed', error: e.message }) as SessionReply);
    if (ready.type !== 'ready') {
      await worker.terminate();
      throw new ComputeError('setup-failed', ready.type === 'failed' ? ready.error : 'unexpected reply', {
        backend,
      });
    }
    // Idle workers must not keep a finished CLI command alive.
    worker.unref();
    return new OrtSession(worker, backend);
  }

  /** Runs the graph; `feeds` buffers are copied to the worker (callers may reuse them). */
  run(feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ type: 'run', id, feeds } satisfies SessionRequest);
    }).finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    }) as Promise<Record<string, HostTensor>>;
  }

  async release(): Promise<void> {
    if (this.dead) return;
    this.worker.ref();
    this.worker.postMessage({ type: 'release' } satisfies SessionRequest);
    await new Promise((resolve) => this.worker.once('exit', resolve));
  }
}
