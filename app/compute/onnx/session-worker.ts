/**
 * The worker thread that owns one onnxruntime session. `session.run()` is a synchronous native
 * call in onnxruntime-node: on the main thread it would stall timers, sockets and signals for
 * the length of every batch, so each session lives here and the main thread only posts
 * feeds and receives outputs (buffers transferred, not copied). ORT's own intra-op threads do
 * the parallel work inside the call.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import type { SessionRequest, SessionReply, SessionInit, HostTensor } from './session-protocol.js';

// Types from onnxruntime-common, whose API onnxruntime-node re-exports: onnxruntime-node is an
// optional dependency (npm 10 removes it when its CUDA download fails), and the build must not need it.
type Ort = typeof import('onnxruntime-common');
const ort = createRequire(import.meta.url)('onnxruntime-node') as Ort;
const init = workerData as SessionInit;
const port = parentPort!;

function sessionOptions(i: SessionInit): import('onnxruntime-common').InferenceSession.SessionOptions {
  return {
    executionProviders: [i.provider],
    intraOpNumThreads: i.threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  };
}

async function main(): Promise<void> {
  let session: import('onnxruntime-common').InferenceSession;
  try {
    session = await ort.InferenceSession.create(init.model, sessionOptions(init));
  } catch (e) {
    port.postMessage({ type: 'failed', error: (e as Error).message } satisfies SessionReply);
    return;
  }
  port.postMessage({
    type: 'ready',
    inputs: [...session.inputNames],
    outputs: [...session.outputNames],
  } satisfies SessionReply);
  port.on('message', (req: SessionRequest) => {
    if (req.type === 'release') {
      void session.release().finally(() => port.close());
      return;
    }
    void run(session, req);
  });
}

async function run(
  session: import('onnxruntime-common').InferenceSession,
  req: Extract<SessionRequest, { type: 'run' }>,
): Promise<void> {
  try {
    const feeds: Record<string, import('onnxruntime-common').Tensor> = {};
    for (const [name, t] of Object.entries(req.feeds))
      feeds[name] = new ort.Tensor('float32', t.data, t.dims);
    const result = await session.run(feeds);
    const outputs: Record<string, HostTensor> = {};
    const transfer: ArrayBuffer[] = [];
    for (const [name, t] of Object.entries(result)) {
      const data = t.data as Float32Array;
      outputs[name] = { data, dims: [...t.dims] };
      transfer.push(data.buffer as ArrayBuffer);
      t.dispose?.();
    }
    port.postMessage({ type: 'result', id: req.id, outputs } satisfies SessionReply, transfer);
  } catch (e) {
    port.postMessage({ type: 'error', id: req.id, error: (e as Error).message } satisfies SessionReply);
  }
}

void main();
