/**
 * Jobs are separate processes: SIGKILL a run's worker mid-run and the server keeps answering,
 * the job becomes 'crashed' with a typed error (JobEvent + ErrorEvent to every client), and
 * resumeRun finishes the run with output chunks identical to an uninterrupted run's.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWebSocket, type EngineClient, type WebSocketConstructor } from '../../app/api/client.js';
import type { ApiEvent } from '../../app/api/schemas.js';
import { startServer, WS_PATH, type RunningServer } from '../../app/api/server.js';
import { tempDir } from '../helpers/fixtures.js';
import { runFixture } from '../run/run-fixture.js';

const dir = tempDir('isotrope-crash-');
let server: RunningServer;
let clients: EngineClient[];
let fixture: { input: string; model: string };
const events: ApiEvent[][] = [[], []];

/** Every file under `root` (relative path → bytes). */
function tree(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (!name.startsWith('.')) out.set(relative(root, p), readFileSync(p));
    }
  };
  walk(root);
  return out;
}

function until<E extends ApiEvent>(client: EngineClient, match: (e: ApiEvent) => e is E): Promise<E> {
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
  server = await startServer({ port: 0 });
  const url = `ws://127.0.0.1:${server.port}${WS_PATH}?token=${server.token}`;
  clients = [];
  for (const log of events) {
    const c = await connectWebSocket(url, { WebSocket: WebSocket as unknown as WebSocketConstructor });
    c.onEvent((e) => log.push(e));
    clients.push(c);
  }
}, 60_000);

afterAll(async () => {
  for (const c of clients ?? []) c.close();
  await server?.close();
  dir.remove();
});

describe('worker processes', () => {
  it('broadcast every job event to every client', async () => {
    const [a] = clients;
    const job = await a.call('startTraining', {
      input: { path: fixture.input },
      modelDir: join(dir.path, 'trained'),
      preset: 'tiny',
      maxPatches: 32,
    });
    await until(
      a,
      (e): e is Extract<ApiEvent, { event: 'job' }> =>
        e.event === 'job' && e.job.jobId === job.jobId && e.job.state === 'done',
    );
    await new Promise((r) => setTimeout(r, 100));
    for (const log of events) {
      // Started, backend activated (the worker's choice becomes part of the job), done.
      const states = log.flatMap((e) =>
        e.event === 'job' && e.job.jobId === job.jobId ? [[e.job.state, e.job.backend?.name ?? null]] : [],
      );
      expect(states).toEqual([
        ['running', null],
        ['running', 'ort-cpu'],
        ['done', 'ort-cpu'],
      ]);
      expect(log.some((e) => e.event === 'trainingMetrics' && e.jobId === job.jobId)).toBe(true);
    }
  }, 60_000);

  it('survive a SIGKILLed run worker: crashed job, server up, resumeRun finishes with identical output', async () => {
    const [a, b] = clients;
    const runArgs = { input: { path: fixture.input }, modelDir: fixture.model, unit: 4 };
    const reference = join(dir.path, 'reference');
    const ref = await a.call('startRun', { ...runArgs, runDir: reference });
    await until(
      a,
      (e): e is ApiEvent => e.event === 'job' && e.job.jobId === ref.jobId && e.job.state === 'done',
    );

    const runDir = join(dir.path, 'crashed');
    const job = await a.call('startRun', { ...runArgs, runDir });
    await until(a, (e): e is ApiEvent => e.event === 'unitDone' && e.jobId === job.jobId);
    const crashed = until(
      b,
      (e): e is Extract<ApiEvent, { event: 'job' }> =>
        e.event === 'job' && e.job.jobId === job.jobId && e.job.state !== 'running',
    );
    const errorEvent = until(b, (e): e is Extract<ApiEvent, { event: 'error' }> => e.event === 'error');
    process.kill(server.engine.jobs.pid(job.jobId)!, 'SIGKILL');
    expect((await crashed).job).toMatchObject({
      state: 'crashed',
      error: { layer: 'api', tag: 'internal', message: expect.stringContaining('SIGKILL') },
    });
    expect((await errorEvent).error.message).toContain('resume');

    const health = await fetch(`${server.origin}/api/health?token=${server.token}`);
    expect(health.status).toBe(200);
    const status = await a.call('runStatus', { runDir });
    expect(status.unitsDone).toBeLessThan(status.unitsTotal);

    const resumed = await a.call('resumeRun', { runDir });
    const end = await until(
      a,
      (e): e is Extract<ApiEvent, { event: 'job' }> =>
        e.event === 'job' && e.job.jobId === resumed.jobId && e.job.state !== 'running',
    );
    expect(end.job.state).toBe('done');
    const got = tree(join(runDir, 'output.zarr'));
    const want = tree(join(reference, 'output.zarr'));
    expect([...got.keys()]).toEqual([...want.keys()]);
    for (const [name, bytes] of want) expect(got.get(name)!.equals(bytes), name).toBe(true);
  }, 120_000);
});
