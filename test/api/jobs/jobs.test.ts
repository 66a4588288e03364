/**
 * The jobs table: a result delivered with `release` is not kept for the rest of the session, and
 * the finished-job history is bounded (running jobs are never forgotten). The worker is a fake
 * speaking the worker protocol, so no build is needed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Jobs } from '../../../app/api/jobs/jobs.js';
import type { WorkerHandle, WorkerLauncher } from '../../../app/api/jobs/launcher.js';
import type { FromWorker, JobSpec, ToWorker } from '../../../app/api/jobs/protocol.js';
import { tempDir } from '../../helpers/fixtures.js';

const dir = tempDir('isotrope-jobs-');
afterAll(() => dir.remove());

// Previews finish at once with two planes; runs wait to be asked to stop.
const WORKER = `
process.on('message', (message) => {
  if (message.type === 'start' && message.spec.kind === 'previewModel') {
    const result = { sr: new Float32Array(1024), bicubic: new Float32Array(1024), index: message.spec.index };
    process.send({ type: 'done', result, stopped: false }, () => process.exit(0));
  } else if (message.type === 'stop') {
    process.send({ type: 'done', result: null, stopped: true }, () => process.exit(0));
  }
});
`;
const workerScript = join(dir.path, 'fake-worker.mjs');
writeFileSync(workerScript, WORKER);

const preview = (index: number): JobSpec => ({
  kind: 'previewModel',
  modelDir: 'm',
  input: 'i',
  axis: 'xz',
  index,
});

let jobs: Jobs | undefined;
afterEach(async () => {
  await jobs?.close();
  jobs = undefined;
});

describe('Jobs', () => {
  it('hands a released result over once and keeps the job without it', async () => {
    jobs = new Jobs({ workerScript, onChange: () => {}, onMessage: () => {} });
    const { jobId } = jobs.start(preview(3), 'm');
    const end = await jobs.wait(jobId, { release: true });
    expect(end?.state).toBe('done');
    expect((end?.result as { sr: Float32Array }).sr).toBeInstanceOf(Float32Array);
    expect((end?.result as { index: number }).index).toBe(3);
    expect(jobs.get(jobId)?.state).toBe('done');
    expect(jobs.get(jobId)?.result).toBeUndefined();
    expect((await jobs.wait(jobId))?.result).toBeUndefined();
    expect(jobs.list().map((job) => job.jobId)).toEqual([jobId]);
  });

  it('keeps the result when not asked to release it', async () => {
    jobs = new Jobs({ workerScript, onChange: () => {}, onMessage: () => {} });
    const { jobId } = jobs.start(preview(1), 'm');
    await jobs.wait(jobId);
    expect((jobs.get(jobId)?.result as { index: number }).index).toBe(1);
    expect(((await jobs.wait(jobId))?.result as { index: number }).index).toBe(1);
  });

  it('remembers only the newest finished jobs, and every running one', async () => {
    jobs = new Jobs({ workerScript, finishedLimit: 2, onChange: () => {}, onMessage: () => {} });
    const running = jobs.start({ kind: 'run', runDir: 'r' }, 'r');
    const finished: string[] = [];
    for (let index = 0; index < 4; index++) {
      const { jobId } = jobs.start(preview(index), 'm');
      await jobs.wait(jobId, { release: true });
      finished.push(jobId);
    }
    expect(jobs.list().map((job) => job.jobId)).toEqual([finished[3], finished[2], running.jobId]);
    expect(jobs.get(finished[0])).toBeUndefined();
    expect(await jobs.wait(finished[0])).toBeUndefined();
    expect(jobs.runningFor('r')?.jobId).toBe(running.jobId);
    expect((await jobs.stop(running.jobId))?.state).toBe('stopped');
    // The run, now finished too, is the oldest of three finished jobs: forgotten.
    expect(jobs.list().map((job) => job.jobId)).toEqual([finished[3], finished[2]]);
  });
});

describe('Jobs with another launcher', () => {
  /** A launcher whose workers live in this process: each answers start/stop as the test says. */
  function inProcessLauncher(onSend: (message: ToWorker, worker: FakeWorker) => void) {
    const launched: FakeWorker[] = [];
    const launcher: WorkerLauncher = {
      launch: (script) => {
        const worker = new FakeWorker(script, onSend);
        launched.push(worker);
        return worker;
      },
    };
    return { launcher, launched };
  }

  it('runs a job through the launcher it is given: messages, result, exit', async () => {
    const { launcher, launched } = inProcessLauncher((message, worker) => {
      if (message.type !== 'start') return;
      worker.emit({ type: 'progress', fraction: 0.25 });
      worker.emit({ type: 'done', result: { sr: new Float32Array(4) }, stopped: false });
      worker.exit(0);
    });
    const messages: FromWorker[] = [];
    jobs = new Jobs({ workerScript, launcher, onChange: () => {}, onMessage: (_job, m) => messages.push(m) });
    const end = await jobs.wait(jobs.start(preview(2), 'm').jobId);
    expect(launched.map((worker) => worker.script)).toEqual([workerScript]);
    expect(end?.state).toBe('done');
    expect((end?.result as { sr: Float32Array }).sr).toBeInstanceOf(Float32Array);
    expect(messages).toEqual([{ type: 'progress', fraction: 0.25 }]);
  });

  it('kills a worker deaf to stop after the grace period, and counts the job stopped', async () => {
    const { launcher, launched } = inProcessLauncher(() => {});
    jobs = new Jobs({ workerScript, launcher, graceMs: 20, onChange: () => {}, onMessage: () => {} });
    const { jobId } = jobs.start({ kind: 'run', runDir: 'r' }, 'r');
    expect((await jobs.stop(jobId))?.state).toBe('stopped');
    expect(launched[0].sent.map((message) => message.type)).toEqual(['start', 'stop']);
    expect(launched[0].killed).toBe(true);
  });

  it('counts a worker that exits without a word as crashed', async () => {
    const { launcher } = inProcessLauncher((message, worker) => {
      if (message.type === 'start') worker.exit(null);
    });
    jobs = new Jobs({ workerScript, launcher, onChange: () => {}, onMessage: () => {} });
    const end = await jobs.wait(jobs.start({ kind: 'run', runDir: 'r' }, 'r').jobId);
    expect(end).toMatchObject({ state: 'crashed', error: { tag: 'internal' } });
    expect(end?.error?.message).toContain('resume the run');
  });
});

class FakeWorker implements WorkerHandle {
  readonly sent: ToWorker[] = [];
  killed = false;
  readonly pid = 1;
  private readonly messageListeners: ((message: FromWorker) => void)[] = [];
  private readonly exitListeners: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];

  constructor(
    readonly script: string,
    private readonly onSend: (message: ToWorker, worker: FakeWorker) => void,
  ) {}

  send(message: ToWorker): void {
    this.sent.push(message);
    queueMicrotask(() => this.onSend(message, this));
  }
  onMessage(listener: (message: FromWorker) => void): void {
    this.messageListeners.push(listener);
  }
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void {
    this.exitListeners.push(listener);
  }
  kill(): void {
    this.killed = true;
    this.exit(null);
  }
  emit(message: FromWorker): void {
    for (const listener of this.messageListeners) listener(message);
  }
  exit(code: number | null): void {
    for (const listener of this.exitListeners.splice(0)) listener(code, null);
  }
}
