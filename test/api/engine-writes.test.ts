/**
 * The engine's destructive and overwriting commands refuse at the call, before any worker
 * starts, with one-line tagged errors: cancelRun {deleteOutput} deletes only a run's own
 * entries of a folder that is a run no process is writing; exportRun never writes over an
 * existing output without force, nor exports an incomplete run without partial; startTraining
 * never trains afresh over a model without resume or force.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../app/api/engine.js';
import { commands } from '../../app/api/schemas.js';
import { tempDir } from '../helpers/fixtures.js';
import { handmadeRun } from '../run/handmade-run.js';
import { writeChannelStack } from '../sr/training/channel-stack.js';

const tmp = tempDir('isotrope-engine-writes-');
afterAll(() => tmp.remove());
let engine: Engine;
beforeEach(() => {
  engine = new Engine({ stateDir: join(tmp.path, 'state') });
});
afterEach(async () => {
  await engine.close();
});

async function refusal(promise: Promise<unknown>): Promise<Error & { tag?: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as Error & { tag?: string },
  );
  expect(error, 'the call should have been refused').toBeDefined();
  expect(error!.message.split('\n')).toHaveLength(1);
  return error!;
}

describe('cancelRun {deleteOutput}', () => {
  it("deletes a run's own entries, keeps the rest (and says so), refuses a live run", async () => {
    const runDir = join(tmp.path, 'mixed-run');
    await handmadeRun(runDir, [0]);
    writeFileSync(join(runDir, 'notes.txt'), 'keep me');
    const lock = join(runDir, 'lock.0-of-1.json');
    writeFileSync(
      lock,
      JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: '', shard: '0/1' }),
    );
    const live = await refusal(engine.call('cancelRun', { runDir, deleteOutput: true }));
    expect(live).toMatchObject({ name: 'RunError', tag: 'locked' });
    expect(existsSync(join(runDir, 'manifest.json'))).toBe(true);
    writeFileSync(
      lock,
      JSON.stringify({ pid: 2 ** 22 + 9, hostname: hostname(), startedAt: '', shard: '0/1' }),
    );
    expect(await engine.call('cancelRun', { runDir, deleteOutput: true })).toEqual({
      runDir,
      deleted: true,
      kept: ['notes.txt'],
    });
    expect(readFileSync(join(runDir, 'notes.txt'), 'utf8')).toBe('keep me');
    expect(existsSync(join(runDir, 'output.zarr'))).toBe(false);
  });

  it('refuses a folder whose manifest.json is not a run', async () => {
    const other = join(tmp.path, 'other-tool');
    mkdirSync(other);
    writeFileSync(join(other, 'manifest.json'), '{"tool": "someone else"}');
    const error = await refusal(engine.call('cancelRun', { runDir: other, deleteOutput: true }));
    expect(error).toMatchObject({ name: 'RunError', tag: 'not-a-run' });
    expect(existsSync(join(other, 'manifest.json'))).toBe(true);
  });
});

describe('exportRun', () => {
  it('force and partial are arguments of the contract', () => {
    expect(
      commands.exportRun.args.parse({ runDir: 'r', out: 'o', force: true, partial: true }),
    ).toMatchObject({ force: true, partial: true });
    expect(
      commands.startTraining.args.parse({ input: { path: 'a' }, modelDir: 'm', force: true }),
    ).toMatchObject({ force: true });
  });

  it('refuses an existing output without force, and an incomplete run without partial', async () => {
    const runDir = join(tmp.path, 'export-run');
    await handmadeRun(runDir, [0, 1, 2, 3]);
    const out = join(tmp.path, 'taken.ome.tif');
    writeFileSync(out, 'precious');
    const exists = await refusal(engine.call('exportRun', { runDir, out }));
    expect(exists).toMatchObject({ name: 'VolumeError', tag: 'exists' });
    expect(readFileSync(out, 'utf8')).toBe('precious');

    const half = join(tmp.path, 'export-half');
    await handmadeRun(half, [0]);
    const incomplete = await refusal(
      engine.call('exportRun', { runDir: half, out: join(tmp.path, 'new.tif') }),
    );
    expect(incomplete).toMatchObject({ name: 'RunError', tag: 'incomplete' });
    expect(incomplete.message).toMatch(/--partial/);
    expect(engine.jobs.list()).toEqual([]);
  });
});

describe('startTraining', () => {
  it('refuses a MODEL_DIR that holds a model, without resume or force, before starting a worker', async () => {
    const modelDir = join(tmp.path, 'model');
    mkdirSync(modelDir);
    writeFileSync(join(modelDir, 'model.safetensors'), 'the old model');
    const error = await refusal(
      engine.call('startTraining', { input: { path: join(tmp.path, 'stack.tif') }, modelDir }),
    );
    expect(error).toMatchObject({ name: 'SrError', tag: 'exists' });
    expect(engine.jobs.list()).toEqual([]);
    expect(readFileSync(join(modelDir, 'model.safetensors'), 'utf8')).toBe('the old model');
  });

  it('refuses a channel out of range, and a model in MODEL_DIR/c<k>, before starting a worker', async () => {
    const input = await writeChannelStack(join(tmp.path, 'two-channel.ome.tif'), {
      x: 64,
      y: 64,
      z: 16,
      c: 2,
      t: 1,
    });
    const modelDir = join(tmp.path, 'per-channel');
    const outOfRange = await refusal(
      engine.call('startTraining', { input: { path: input }, modelDir, channel: 5 }),
    );
    expect(outOfRange).toMatchObject({ name: 'SrError', tag: 'bad-input' });
    expect(outOfRange.message).toBe(
      `${input}: --channel 5: channel 5 is out of range: the stack has 2 channels (0–1)`,
    );
    mkdirSync(join(modelDir, 'c1'), { recursive: true });
    writeFileSync(join(modelDir, 'c1', 'model.safetensors'), 'the old model');
    const exists = await refusal(engine.call('startTraining', { input: { path: input }, modelDir }));
    expect(exists).toMatchObject({ name: 'SrError', tag: 'exists' });
    expect(exists.message).toContain(join(modelDir, 'c1'));
    expect(engine.jobs.list()).toEqual([]);
  });
});
