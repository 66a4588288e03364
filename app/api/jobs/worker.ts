/**
 * The entry of a job's worker process (dist/app/api/jobs/worker.js, forked by jobs.ts): runs one
 * job and exits. Jobs live here, not in the engine's process, because wasm training never
 * yields (the API would freeze) and a native abort or OOM must not take the server down.
 */
import { toWireError } from '../errors.js';
import type { FromWorker, JobSpec, ToWorker } from './protocol.js';
import { runTask } from './tasks/index.js';

const abort = new AbortController();

function send(message: FromWorker): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

async function start(spec: JobSpec): Promise<void> {
  let code = 0;
  try {
    const { result, stopped } = await runTask(spec, { signal: abort.signal, report: (m) => void send(m) });
    await send({ type: 'done', result, stopped });
  } catch (e) {
    await send({ type: 'failed', error: toWireError(e) });
    code = 1;
  }
  // tfjs and Dawn may hold handles open; the job is over, so leave now.
  process.exit(code);
}

process.on('message', (m: ToWorker) => {
  if (m.type === 'start') void start(m.spec);
  else if (m.type === 'stop') abort.abort(new Error('stop requested'));
});
// The engine went away: stop as asked (checkpoint or finish the unit), then exit.
process.on('disconnect', () => abort.abort(new Error('engine disconnected')));
