/**
 * The run engine with an in-memory store: a run equals whole-volume processing bit for bit;
 * interrupted runs (AbortSignal at several points, and a disk-full write) resume to identical
 * output and identical MIP / preview partials; two shards equal one run; status and finalize
 * keep their contracts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { backendFixture } from '../compute/backend-fixture.js';
import { tempDir } from '../helpers/fixtures.js';
import { memoryStores, type MemoryStore } from '../helpers/memory-store.js';
import { executeStoppedAfter, runFixture, sameFolders, wholeVolumeResult } from './run-fixture.js';
import { createRun } from '../../app/run/create-run.js';
import { executeRun } from '../../app/run/execute-run.js';
import { runStatus } from '../../app/run/status.js';
import { finalizeRun } from '../../app/run/finalize.js';
import { compareRun } from '../../app/run/compare.js';
import { isRunError } from '../../app/run/errors.js';

const bytes = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const unit = { unit: 16, unitZ: 8 };

describe('run engine (wasm, in-memory store)', () => {
  const fixture = backendFixture('wasm');
  const dir = tempDir('isotrope-engine-');
  let input: string;
  let model: string;
  const stores = memoryStores();
  const storeOf = (runDir: string): MemoryStore => stores.stores.get(join(runDir, 'output.zarr'))!;
  let reference: MemoryStore;
  let referenceDir: string;

  beforeAll(async () => {
    ({ input, model } = await runFixture(dir.path));
  }, 60_000);
  afterAll(() => dir.remove());

  it('writes the whole-volume result bit for bit, and status says done', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    referenceDir = join(dir.path, 'full');
    const manifest = await createRun({ input, model, runDir: referenceDir, ...unit, dtype: 'float32' });
    expect(manifest.grid.units).toBe(4 * 4);
    const before = await runStatus(referenceDir);
    expect(before).toMatchObject({ state: 'stopped', unitsDone: 0, unitsTotal: 16 });
    const events: string[] = [];
    const r = await executeRun(referenceDir, { storeFactory: stores, onEvent: (e) => events.push(e.type) });
    expect(r.unitsProcessed).toBe(16);
    expect(events.filter((t) => t === 'unit-done')).toHaveLength(16);
    reference = storeOf(referenceDir);
    const whole = await wholeVolumeResult(input, model, manifest.params.ratio);
    expect(bytes(reference.data).equals(bytes(whole.sr))).toBe(true);
    expect(bytes(whole.sr).equals(bytes(whole.bicubic))).toBe(false);
    const status = await runStatus(referenceDir);
    expect(status).toMatchObject({ state: 'done', unitsDone: 16, unitsTotal: 16, finalized: false });
    expect(JSON.parse(JSON.stringify(status))).toHaveProperty('state', 'done');
  }, 60_000);

  it('resumes after interruptions at several points to identical output, MIPs and preview', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const runDir = join(dir.path, 'interrupted');
    await createRun({ input, model, runDir, ...unit, dtype: 'float32' });
    for (const stopAfter of [1, 4, 9]) {
      const stopped = await executeStoppedAfter(runDir, stopAfter, { storeFactory: stores });
      expect(stopped).toBe('aborted');
    }
    // A full disk on the next write: a clear error, nothing journaled lost.
    stores.failWriteAt = stores.writeCount = 0;
    const full = await executeRun(runDir, { storeFactory: stores }).catch((e) => e);
    expect(isRunError(full) && full.tag).toBe('no-space');
    stores.failWriteAt = undefined;
    expect((await runStatus(runDir)).unitsDone).toBe(1 + 4 + 9);
    await executeRun(runDir, { storeFactory: stores });
    expect(bytes(storeOf(runDir).data).equals(bytes(reference.data))).toBe(true);
    expect(sameFolders(join(runDir, 'mips'), join(referenceDir, 'mips'))).toBe(true);
    expect(sameFolders(join(runDir, 'preview'), join(referenceDir, 'preview'))).toBe(true);
  }, 60_000);

  it('shards 0/2 and 1/2 together equal one run; finalize refuses until both are done', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const runDir = join(dir.path, 'sharded');
    await createRun({ input, model, runDir, ...unit, dtype: 'float32', shard: { index: 0, count: 2 } });
    await executeRun(runDir, { storeFactory: stores, shard: { index: 0, count: 2 } });
    const half = await finalizeRun(runDir, { storeFactory: stores }).catch((e) => e);
    expect(isRunError(half) && half.tag).toBe('incomplete');
    expect(String(half.message)).toMatch(/8 of 16 units/);
    expect(await runStatus(runDir)).toMatchObject({ state: 'stopped', unitsDone: 8 });
    await createRun({ input, model, runDir, ...unit, dtype: 'float32', shard: { index: 1, count: 2 } });
    await executeRun(runDir, { storeFactory: stores, shard: { index: 1, count: 2 } });
    expect(bytes(storeOf(runDir).data).equals(bytes(reference.data))).toBe(true);
    expect(sameFolders(join(runDir, 'mips'), join(referenceDir, 'mips'))).toBe(true);
    const f = await finalizeRun(runDir, { storeFactory: stores });
    expect(f.files).toContain('mips/mip-sr-z.png');
    expect(storeOf(runDir).downsampled).toBe(1);
    expect((await runStatus(runDir)).finalized).toBe(true);
    const c = await compareRun(runDir, { out: join(dir.path, 'compare') });
    expect(c.files.map((f) => f.split('/').pop())).toEqual(
      expect.arrayContaining(['compare-z.png', 'difference-y.png', 'mip-sr-x.png', 'mip-bicubic-z.png']),
    );
    expect(c.files.every((f) => readFileSync(f).subarray(1, 4).toString() === 'PNG')).toBe(true);
  }, 60_000);

  it('refuses a changed input, changed parameters, and a second run into the same directory', async () => {
    const again = await createRun({ input, model, runDir: referenceDir, ...unit, dtype: 'float32' }).catch(
      (e) => e,
    );
    expect(isRunError(again) && again.tag).toBe('exists');
    const other = await createRun({
      input,
      model,
      runDir: referenceDir,
      ...unit,
      dtype: 'float32',
      orientations: 'xz',
    }).catch((e) => e);
    expect(isRunError(other) && other.tag).toBe('params-changed');
    const { utimes } = await import('node:fs/promises');
    await utimes(input, new Date(), new Date(Date.now() - 1000));
    const changed = await executeRun(referenceDir, { storeFactory: stores }).catch((e) => e);
    expect(isRunError(changed) && changed.tag).toBe('fingerprint-changed');
  });
});
