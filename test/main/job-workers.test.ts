/**
 * Job workers started by main (job-workers.ts), as the Electron engine host gets them without
 * ELECTRON_RUN_AS_NODE: Jobs in this process plays the host with a ParentLauncher, main's
 * JobWorkers answers it, and each worker really runs (the fake utilityProcess is a Node child
 * given `process.parentPort`). Its messages and result come over the MessageChannelMain port
 * with typed arrays intact, its exit through main; stop, kill after grace, crash and a refused
 * script each end the job as they should. Also the real worker entry, answering over its port.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Jobs } from '../../app/api/jobs/jobs.js';
import { ParentLauncher, type WorkerPort } from '../../app/api/jobs/parent-launcher.js';
import type { FromWorker, JobSpec } from '../../app/api/jobs/protocol.js';
import type { JobInfo } from '../../app/api/schemas.js';
import { JobWorkers } from '../../main/job-workers.js';
import { tempDir } from '../helpers/fixtures.js';
import { ensureEngineHostBuilt } from './engine-host.js';
import { electron, FakeUtilityProcess } from './fake-electron.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electron);

const dir = tempDir('isotrope-job-workers-');
afterAll(() => dir.remove());

// A worker in utilityProcess form: the first parentPort message carries the engine's port.
const WORKER = `
process.parentPort.once('message', ({ ports: [port] }) => {
  port.on('message', ({ data: message }) => {
    if (message.type === 'start' && message.spec.kind === 'previewModel') {
      port.postMessage({ type: 'progress', fraction: 0.5 });
      const result = { sr: new Float32Array([1, 2, Infinity]), index: message.spec.index };
      port.postMessage({ type: 'done', result, stopped: false });
      setTimeout(() => process.exit(0), 50);
    } else if (message.type === 'start' && message.spec.runDir === 'crash') {
      process.exit(3);
    } else if (message.type === 'stop') {
      port.postMessage({ type: 'done', result: null, stopped: true });
      setTimeout(() => process.exit(0), 50);
    }
  });
  port.start();
});
`;
const stuckWorker = join(dir.path, 'stuck-worker.mjs');
const workerScript = join(dir.path, 'fake-worker.mjs');
writeFileSync(workerScript, WORKER);
// Deaf to stop: its JavaScript spins, so only main's child.kill() ends it.
writeFileSync(
  stuckWorker,
  `process.parentPort.once('message', ({ ports: [port] }) => {
     port.on('message', ({ data }) => { if (data.type === 'start') setTimeout(() => { for (;;) {} }, 10); });
     port.start();
   });`,
);

const preview = (index: number): JobSpec => ({
  kind: 'previewModel',
  modelDir: 'm',
  input: 'i',
  axis: 'xz',
  index,
});

/** Jobs as the engine host runs them in Electron, wired to main's JobWorkers for `allowed`. */
function hostJobs(allowed: string, options: { graceMs?: number } = {}) {
  const messages: FromWorker[] = [];
  const changes: JobInfo[] = [];
  // eslint-disable-next-line prefer-const
  let workers: JobWorkers;
  const launcher = new ParentLauncher((request) =>
    setImmediate(() => workers.handle(structuredClone(request))),
  );
  workers = new JobWorkers({
    workerScript: allowed,
    postToHost: (report, ports) =>
      setImmediate(() => launcher.receive(structuredClone(report), (ports ?? []) as unknown as WorkerPort[])),
  });
  const jobs = new Jobs({
    workerScript: allowed,
    launcher,
    graceMs: options.graceMs,
    onChange: (job) => changes.push(job),
    onMessage: (_job, message) => messages.push(message),
  });
  return { jobs, workers, launcher, messages, changes };
}

let opened: Jobs | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
  for (const process of FakeUtilityProcess.instances.splice(0)) process.kill();
});

describe('job workers started by main', () => {
  it('delivers messages and a typed-array result over the port, and the exit through main', async () => {
    const host = hostJobs(workerScript);
    opened = host.jobs;
    const { jobId } = host.jobs.start(preview(4), 'm');
    const end = await host.jobs.wait(jobId);
    expect(end?.state).toBe('done');
    const result = end?.result as { sr: Float32Array; index: number };
    expect(result.sr).toBeInstanceOf(Float32Array);
    expect([...result.sr]).toEqual([1, 2, Infinity]);
    expect(result.index).toBe(4);
    expect(host.messages).toEqual([{ type: 'progress', fraction: 0.5 }]);
    expect(electron.utilityProcess.fork).toHaveBeenCalledWith(
      workerScript,
      [],
      expect.objectContaining({ serviceName: 'isotrope job' }),
    );
    expect(host.workers.running).toBe(0);
  });

  it('stops a job gracefully when asked', async () => {
    const host = hostJobs(workerScript);
    opened = host.jobs;
    const { jobId } = host.jobs.start({ kind: 'run', runDir: 'r' }, 'r');
    await new Promise((done) => setTimeout(done, 300));
    expect(host.jobs.pid(jobId)).toEqual(expect.any(Number));
    expect((await host.jobs.stop(jobId))?.state).toBe('stopped');
  });

  it('kills a worker stuck in a loop after the grace period (main calls child.kill)', async () => {
    const host = hostJobs(stuckWorker, { graceMs: 300 });
    opened = host.jobs;
    const { jobId } = host.jobs.start({ kind: 'run', runDir: 'r' }, 'r');
    await new Promise((done) => setTimeout(done, 300));
    const end = await host.jobs.stop(jobId);
    expect(end?.state).toBe('stopped');
    expect(host.workers.running).toBe(0);
  }, 20_000);

  it('reports a worker that exits without a result as crashed', async () => {
    const host = hostJobs(workerScript);
    opened = host.jobs;
    const { jobId } = host.jobs.start({ kind: 'run', runDir: 'crash' }, 'crash');
    const end = await host.jobs.wait(jobId);
    expect(end).toMatchObject({
      state: 'crashed',
      error: { layer: 'api', tag: 'internal', message: expect.stringContaining('exited with code 3') },
    });
  });

  it('refuses to start any script but the package worker: the job crashes, nothing is forked', async () => {
    const host = hostJobs(resolve(dir.path, 'the-only-allowed.js'));
    opened = new Jobs({ workerScript, launcher: host.launcher, onChange: () => {}, onMessage: () => {} });
    electron.utilityProcess.fork.mockClear();
    const end = await opened.wait(opened.start(preview(1), 'm').jobId);
    expect(end?.state).toBe('crashed');
    expect(electron.utilityProcess.fork).not.toHaveBeenCalled();
  });
});

describe('the real worker entry as a utilityProcess', () => {
  beforeAll(() => ensureEngineHostBuilt(), 180_000);

  it('answers over the port it was given: a failed job with its tagged error', async () => {
    const script = resolve(import.meta.dirname, '../../dist/app/api/jobs/worker.js');
    const host = hostJobs(script);
    opened = host.jobs;
    const end = await host.jobs.wait(
      host.jobs.start({ kind: 'run', runDir: join(dir.path, 'none') }, 'x').jobId,
    );
    expect(end?.state).toBe('failed');
    expect(end?.error).toMatchObject({ message: expect.any(String) });
  }, 60_000);
});
