/**
 * Which splits of a run may work at once: shards of one count side by side; a whole-run resume
 * or another shard count is refused (one line naming the live shards) while shards are live,
 * and allowed once they stop. The manifest records the shard count, and a manifest from before
 * that field still runs. The live shard is a real second process holding its lock.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendFixture } from '../compute/backend-fixture.js';
import { tempDir } from '../helpers/fixtures.js';
import { memoryStores } from '../helpers/memory-store.js';
import { runFixture } from './run-fixture.js';
import { packageInfo } from '../../app/api/version.js';
import { createRun } from '../../app/run/create-run.js';
import { executeRun } from '../../app/run/execute-run.js';
import { isRunError } from '../../app/run/errors.js';
import { acquireLock } from '../../app/run/lock.js';
import { refuseConflictingShards } from '../../app/run/shard-conflicts.js';

const LOCK_MODULE = join(packageInfo().root, 'dist/app/run/lock.js');
const unit = { unit: 16, unitZ: 8 };

/** A second process holding shard `shard` of `runDir` until killed. */
async function holdInChild(runDir: string, shard: { index: number; count: number }): Promise<ChildProcess> {
  const program = `
const { acquireLock } = await import(${JSON.stringify(pathToFileURL(LOCK_MODULE).href)});
await acquireLock(${JSON.stringify(runDir)}, ${JSON.stringify(shard)});
process.send('held');
setInterval(() => undefined, 1000);
`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', program], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`lock holder exited (${code})`)));
  });
  return child;
}

async function refusal(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isRunError(error) && error.tag).toBe('locked');
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('shard splits', () => {
  const dir = tempDir('isotrope-shards-');
  afterAll(() => dir.remove());

  it('refuses another split while shards of one count are live, and allows it once they stop', async () => {
    const runDir = join(dir.path, 'locks-only');
    mkdirSync(runDir);
    const first = await acquireLock(runDir, { index: 0, count: 2 });
    const second = await acquireLock(runDir, { index: 1, count: 2 });
    await refuseConflictingShards(runDir, { index: 1, count: 2 });
    const whole = await refusal(refuseConflictingShards(runDir, { index: 0, count: 1 }, 2));
    expect(whole).toMatch(
      /shards 0\/2 \(pid \d+ on .+\), 1\/2 \(pid \d+ on .+\) of this run \(created with 2 shards\)/,
    );
    expect(whole).toMatch(/a whole-run resume would redo their units; use --shard i\/2/);
    const thirds = await refusal(refuseConflictingShards(runDir, { index: 2, count: 3 }));
    expect(thirds).toMatch(/--shard 2\/3 would redo their units/);
    await first.release();
    await second.release();
    await refuseConflictingShards(runDir, { index: 0, count: 1 });
    await refuseConflictingShards(runDir, { index: 2, count: 3 });
  });
});

describe.runIf(existsSync(LOCK_MODULE))('shard splits of a real run (wasm, in-memory store)', () => {
  const fixture = backendFixture('wasm');
  const dir = tempDir('isotrope-shard-run-');
  const stores = memoryStores();
  let input: string;
  let model: string;
  let holder: ChildProcess | undefined;

  beforeAll(async () => {
    ({ input, model } = await runFixture(dir.path));
  }, 60_000);
  afterAll(() => {
    holder?.kill('SIGKILL');
    dir.remove();
  });

  it('records the shard count; refuses a whole-run resume and a second count while a shard process is live', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const runDir = join(dir.path, 'sharded');
    const created = await createRun({ input, model, runDir, ...unit, shard: { index: 0, count: 2 } });
    expect(created.shards).toBe(2);
    expect(JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')).shards).toBe(2);
    holder = await holdInChild(runDir, { index: 1, count: 2 });
    const pid = holder.pid!;
    const whole = await refusal(executeRun(runDir, { storeFactory: stores }));
    expect(whole).toContain(`shard 1/2 (pid ${pid} on`);
    expect(whole).toContain('a whole-run resume');
    await refusal(executeRun(runDir, { storeFactory: stores, shard: { index: 0, count: 3 } }));
    const joining = await refusal(
      createRun({ input, model, runDir, ...unit, shard: { index: 1, count: 3 } }),
    );
    expect(joining).toContain('--shard 1/3');
    // The shard's holder dies (kill -9): on this host its lock is free at once, no 30 s wait.
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder!.once('exit', resolve));
    holder = undefined;
    // A manifest written before the shard count was recorded still runs.
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'));
    delete manifest.shards;
    writeFileSync(join(runDir, 'manifest.json'), JSON.stringify(manifest));
    const result = await executeRun(runDir, { storeFactory: stores });
    expect(result).toMatchObject({ unitsProcessed: 16, unitsDone: 16 });
    expect(existsSync(join(runDir, 'lock.0-of-1.json'))).toBe(false);
  }, 60_000);
});
