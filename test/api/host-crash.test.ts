/**
 * The crash path through the engine host, as Electron uses it: dist/app/api/engine-host.js
 * forked, spoken to through hostClient. SIGKILL a run's worker (its pid found the way a user
 * would, from the run's lock via runStatus) and the job becomes 'crashed' with an ErrorEvent,
 * the host keeps answering, and resumeRun finishes the run. Build the engine first.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../app/api/client.js';
import { forkHostPort, hostClient } from '../../app/api/host-client.js';
import type { ApiEvent } from '../../app/api/schemas.js';
import { packageInfo } from '../../app/api/version.js';
import { tempDir } from '../helpers/fixtures.js';
import { runFixture } from '../run/run-fixture.js';

const dir = tempDir('isotrope-host-crash-');
let child: ChildProcess;
let client: EngineClient;
let exited: Promise<void>;
let fixture: { input: string; model: string };

function until<E extends ApiEvent>(match: (e: ApiEvent) => e is E): Promise<E> {
  return new Promise((resolve) => {
    const off = client.onEvent((e) => {
      if (match(e)) {
        off();
        resolve(e);
      }
    });
  });
}

beforeAll(async () => {
  process.env.ISOTROPE_STATE_DIR = join(dir.path, 'state');
  fixture = await runFixture(dir.path);
  child = fork(join(packageInfo().root, 'dist/app/api/engine-host.js'), [], { serialization: 'advanced' });
  const port = forkHostPort(child);
  exited = new Promise<void>((resolve) => port.onExit(() => resolve()));
  client = hostClient(port);
}, 60_000);

afterAll(async () => {
  client?.close();
  if (child?.connected) {
    child.disconnect();
    await exited;
  }
  dir.remove();
});

describe('engine host', () => {
  it('survives a SIGKILLed run worker: crashed job and ErrorEvent, host answering, resumeRun finishes', async () => {
    const runDir = join(dir.path, 'crashed');
    const job = await client.call('startRun', {
      input: { path: fixture.input },
      modelDir: fixture.model,
      runDir,
      unit: 4,
    });
    await until((e): e is ApiEvent => e.event === 'unitDone' && e.jobId === job.jobId);
    const running = await client.call('runStatus', { runDir });
    expect(running.processes).toHaveLength(1);
    const workerPid = running.processes[0].pid;
    expect(workerPid).not.toBe(child.pid);

    const crashed = until(
      (e): e is Extract<ApiEvent, { event: 'job' }> =>
        e.event === 'job' && e.job.jobId === job.jobId && e.job.state !== 'running',
    );
    const errorEvent = until((e): e is Extract<ApiEvent, { event: 'error' }> => e.event === 'error');
    process.kill(workerPid, 'SIGKILL');
    expect((await crashed).job).toMatchObject({
      state: 'crashed',
      error: { layer: 'api', tag: 'internal', message: expect.stringContaining('SIGKILL') },
    });
    expect((await errorEvent).error.message).toContain('resume');

    expect(child.exitCode).toBeNull();
    expect(await client.call('health', {})).toMatchObject({ version: packageInfo().version });
    expect((await client.call('listJobs', {})).jobs.find((j) => j.jobId === job.jobId)?.state).toBe(
      'crashed',
    );
    const stopped = await client.call('runStatus', { runDir });
    expect(stopped).toMatchObject({ state: 'stopped', processes: [] });
    expect(stopped.unitsDone).toBeGreaterThan(0);
    expect(stopped.unitsDone).toBeLessThan(stopped.unitsTotal);

    const resumed = await client.call('resumeRun', { runDir });
    expect(resumed).toMatchObject({ kind: 'run', state: 'running', target: runDir });
    const end = await until(
      (e): e is Extract<ApiEvent, { event: 'job' }> =>
        e.event === 'job' && e.job.jobId === resumed.jobId && e.job.state !== 'running',
    );
    expect(end.job.state).toBe('done');
    const finished = await client.call('runStatus', { runDir });
    expect(finished).toMatchObject({ state: 'done', unitsDone: finished.unitsTotal });
  }, 120_000);
});
