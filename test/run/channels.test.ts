/**
 * Runs over channels and time points (issue 13), with the in-memory store: every (t, c) plane of
 * a multi-channel, time-lapse run equals the run of that plane's data alone with that channel's
 * model, bit for bit; two shards and an interruption give the same store and partials; a
 * selection covers only its channels; bad selections and model directories are refused clearly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { backendFixture } from '../compute/backend-fixture.js';
import { tempDir, writeOmeStack } from '../helpers/fixtures.js';
import { memoryStores, type MemoryStore } from '../helpers/memory-store.js';
import { runFixture, sameFolders } from './run-fixture.js';
import { createRun } from '../../app/run/create-run.js';
import { executeRun } from '../../app/run/execute-run.js';
import { finalizeRun } from '../../app/run/finalize.js';
import { compareRun } from '../../app/run/compare.js';
import { decodePng } from '../helpers/png-decode.js';
import { runStatus } from '../../app/run/status.js';
import { isRunError } from '../../app/run/errors.js';
import { generateSample } from '../../app/sample/generate.js';
import { TWO_SAMPLE_CHANNELS } from '../../app/sample/index.js';
import { saveModel } from '../../app/sr/model-dir.js';
import { initWeights } from '../../app/sr/networks/init.js';
import { preset } from '../../app/sr/networks/presets.js';
import { degradationOf } from '../../app/sr/training/degradation.js';
import { openVolume } from '../../app/volume/open.js';
import { zTargetCount } from '../../app/sr/index.js';

const unit = { unit: 16, unitZ: 8, dtype: 'float32' as const };
const size = { x: 40, y: 36, z: 10 };

/** One channel of a stack as uint16 (x·y·z values). */
async function readStack(path: string, c: number): Promise<Uint16Array> {
  const volume = await openVolume(path);
  const box = { x: { start: 0, end: size.x }, y: { start: 0, end: size.y }, z: { start: 0, end: size.z } };
  const data = (await volume.readBrick(box, { c })) as Uint16Array;
  await volume.close();
  return data;
}

/** An OME-TIFF of stacks[t][c], channels named and coloured as the two-channel sample's. */
async function writeHyperstack(path: string, stacks: Uint16Array[][]): Promise<void> {
  await writeOmeStack(path, {
    ...size,
    c: stacks[0].length,
    t: stacks.length,
    voxelSize: { x: 0.4, y: 0.4, z: 1 },
    channels: TWO_SAMPLE_CHANNELS.slice(0, stacks[0].length),
    data: (c, t) => stacks[t][c],
  });
}

/** A single-channel OME-TIFF of one stack. */
const writeSingle = (path: string, stack: Uint16Array) => writeHyperstack(path, [[stack]]);

async function saveTinyModel(dir: string, seed: number, channel?: number): Promise<void> {
  const config = preset('valid', 'tiny');
  await saveModel(dir, initWeights(config, { seed, zeroTail: false }), {
    meta: {
      config,
      preset: 'tiny',
      scale: 0,
      normalisation: {},
      training: channel === undefined ? {} : { channel },
    },
    normalisation: { kind: 'percentile', lo: 100 + seed, hi: 15000 - seed },
    degradation: degradationOf(0.4, 1.0, 2.5, 0.8),
  });
}

/** The plane at store position (c, t) of a memory store, as its own array. */
function planeOf(store: MemoryStore, c: number, t: number): Float32Array {
  const n = store.spec.shape.x * store.spec.shape.y * store.spec.shape.z;
  const channels = store.spec.planes?.c ?? 1;
  const at = (t * channels + c) * n;
  return store.data.slice(at, at + n);
}

describe('runs over channels and time points', () => {
  const fixture = backendFixture('wasm');
  const dir = tempDir('isotrope-channels-');
  const stores = memoryStores();
  const storeOf = (runDir: string): MemoryStore => stores.stores.get(join(runDir, 'output.zarr'))!;
  let vessels: Uint16Array;
  let nuclei: Uint16Array;
  let hyperstack: string;
  const models = () => join(dir.path, 'models');

  beforeAll(async () => {
    const sample = await generateSample(join(dir.path, 'sample'), { size, groundTruth: false, channels: 2 });
    vessels = await readStack(sample.stack, 0);
    nuclei = await readStack(sample.stack, 1);
    hyperstack = join(dir.path, 'two-by-two.ome.tif');
    // t0: vessels, nuclei; t1: the same swapped, so every plane differs from its neighbours.
    await writeHyperstack(hyperstack, [
      [vessels, nuclei],
      [nuclei, vessels],
    ]);
    await writeSingle(join(dir.path, 'vessels.ome.tif'), vessels);
    await writeSingle(join(dir.path, 'nuclei.ome.tif'), nuclei);
    await saveTinyModel(join(models(), 'c0'), 11, 0);
    await saveTinyModel(join(models(), 'c1'), 12, 1);
  }, 120_000);
  afterAll(() => dir.remove());

  it('runs every (t, c) plane with its channel model, each bit for bit the run of that plane alone', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const runDir = join(dir.path, 'all');
    const manifest = await createRun({ input: hyperstack, model: models(), runDir, ...unit });
    expect(manifest.planes).toEqual({ channels: [0, 1], timepoints: [0, 1], axes: { c: true, t: true } });
    expect(manifest.output.planes).toEqual({ c: 2, t: 2 });
    expect(manifest.output.channels).toEqual([
      { name: 'vessels', color: '00FFFF' },
      { name: 'nuclei', color: 'FF00FF' },
    ]);
    expect(manifest.channelModels?.map((m) => m.file)).toEqual([
      'model/c0/model.safetensors',
      'model/c1/model.safetensors',
    ]);
    // 36 rows / 16 → 3 units along y; the output planes / 8 along z.
    const perPlane = 3 * Math.ceil(zTargetCount(size.z, 2.5) / 8);
    expect(manifest.grid.units).toBe(perPlane * 4);
    const seen: string[] = [];
    await executeRun(runDir, {
      storeFactory: stores,
      onEvent: (e) => (e.type === 'unit-done' ? seen.push(`${e.c}.${e.t}`) : undefined),
    });
    expect(new Set(seen)).toEqual(new Set(['0.0', '1.0', '0.1', '1.1']));
    const status = await runStatus(runDir);
    expect(status).toMatchObject({
      state: 'done',
      unitsDone: perPlane * 4,
      unitsTotal: perPlane * 4,
      timepoints: [0, 1],
    });
    expect(status.channels).toEqual([
      { index: 0, name: 'vessels', color: '00FFFF' },
      { index: 1, name: 'nuclei', color: 'FF00FF' },
    ]);
    const alone = async (name: string, input: string, model: string): Promise<Float32Array> => {
      const single = join(dir.path, name);
      await createRun({ input, model, runDir: single, ...unit });
      await executeRun(single, { storeFactory: stores });
      expect(storeOf(single).spec.planes).toBeUndefined();
      return storeOf(single).data;
    };
    const store = storeOf(runDir);
    const vesselsC0 = await alone('vessels-c0', join(dir.path, 'vessels.ome.tif'), join(models(), 'c0'));
    const nucleiC1 = await alone('nuclei-c1', join(dir.path, 'nuclei.ome.tif'), join(models(), 'c1'));
    const nucleiC0 = await alone('nuclei-c0', join(dir.path, 'nuclei.ome.tif'), join(models(), 'c0'));
    const vesselsC1 = await alone('vessels-c1', join(dir.path, 'vessels.ome.tif'), join(models(), 'c1'));
    expect(Buffer.from(planeOf(store, 0, 0).buffer).equals(Buffer.from(vesselsC0.buffer))).toBe(true);
    expect(Buffer.from(planeOf(store, 1, 0).buffer).equals(Buffer.from(nucleiC1.buffer))).toBe(true);
    expect(Buffer.from(planeOf(store, 0, 1).buffer).equals(Buffer.from(nucleiC0.buffer))).toBe(true);
    expect(Buffer.from(planeOf(store, 1, 1).buffer).equals(Buffer.from(vesselsC1.buffer))).toBe(true);
    // The two channels' models differ, so the check above is not one model's result four times.
    expect(Buffer.from(nucleiC0.buffer).equals(Buffer.from(nucleiC1.buffer))).toBe(false);
    // The disagreement image has the same planes, each that of the plane's run alone.
    const disagreementOf = (name: string): MemoryStore =>
      stores.stores.get(join(dir.path, name, 'output.zarr', 'disagreement'))!;
    const disagreement = stores.stores.get(join(runDir, 'output.zarr', 'disagreement'))!;
    expect(disagreement.spec.planes).toEqual({ c: 2, t: 2 });
    for (const [c, t, name] of [
      [0, 0, 'vessels-c0'],
      [1, 0, 'nuclei-c1'],
      [0, 1, 'nuclei-c0'],
      [1, 1, 'vessels-c1'],
    ] as const)
      expect(
        Buffer.from(planeOf(disagreement, c, t).buffer).equals(Buffer.from(disagreementOf(name).data.buffer)),
      ).toBe(true);

    const result = await finalizeRun(runDir, { storeFactory: stores });
    for (const suffix of ['.c0.t0', '.c1.t0', '.c0.t1', '.c1.t1']) {
      expect(result.files).toContain(`mips/mip-sr-y${suffix}.png`);
      expect(result.files).toContain(`preview/preview${suffix}.f32`);
    }
    expect(existsSync(join(runDir, 'mips/mip-sr-y.png'))).toBe(false);
    // A plane's MIPs and preview are those of the run of its data alone (same partials, same assembly).
    const nucleiAlone = join(dir.path, 'nuclei-c1');
    await finalizeRun(nucleiAlone, { storeFactory: stores });
    for (const [mine, theirs] of [
      ['mips/mip-sr-y.c1.t0.f32', 'mips/mip-sr-y.f32'],
      ['mips/mip-bicubic-x.c1.t0.f32', 'mips/mip-bicubic-x.f32'],
      ['preview/preview.c1.t0.f32', 'preview/preview.f32'],
      ['mips/mip-disagreement-z.c1.t0.f32', 'mips/mip-disagreement-z.f32'],
    ])
      expect(readFileSync(join(runDir, mine)).equals(readFileSync(join(nucleiAlone, theirs)))).toBe(true);
  }, 300_000);

  it('compare writes every plane and, per time point, composites of the channels in their colours', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const out = join(dir.path, 'compare-all');
    const { files } = await compareRun(join(dir.path, 'all'), { out });
    const names = files.map((f) => basename(f));
    for (const suffix of ['.c0.t0', '.c1.t0', '.c0.t1', '.c1.t1'])
      expect(names).toEqual(expect.arrayContaining([`compare-y${suffix}.png`, `difference-x${suffix}.png`]));
    expect(names).toEqual(expect.arrayContaining(['composite-sr-z.t0.png', 'composite-bicubic-y.t1.png']));
    // The composite's colours, on a run whose network passes the data through (zero tail), so
    // that what is blended is the data and not a random network's output.
    const { model } = await runFixture(join(dir.path, 'pass-through'), true);
    const runDir = join(dir.path, 'pass-through-run');
    await createRun({ input: hyperstack, model, runDir, ...unit, timepoints: '0' });
    await executeRun(runDir, { storeFactory: stores });
    await compareRun(runDir, { out });
    // Vessels (cyan: no red) and nuclei (magenta: no green) lie apart, so both tints appear.
    const png = decodePng(readFileSync(join(out, 'composite-sr-z.t0.png')));
    let cyan = 0;
    let magenta = 0;
    for (let i = 0; i < png.width * png.height; i++) {
      const [r, g, b] = [0, 1, 2].map((k) => png.data[i * png.channels + k]);
      if (g > 120 && b > 120 && r < 60) cyan++;
      if (r > 120 && b > 120 && g < 60) magenta++;
    }
    expect(cyan).toBeGreaterThan(20);
    expect(magenta).toBeGreaterThan(20);
  }, 120_000);

  it('two shards, one interrupted and resumed, give the same store and the same partials', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const whole = join(dir.path, 'all');
    const split = join(dir.path, 'split');
    await createRun({
      input: hyperstack,
      model: models(),
      runDir: split,
      ...unit,
      shard: { index: 0, count: 2 },
    });
    const stop = new AbortController();
    let units = 0;
    await executeRun(split, {
      storeFactory: stores,
      shard: { index: 0, count: 2 },
      signal: stop.signal,
      onEvent: (e) => {
        if (e.type === 'unit-done' && ++units === 5) stop.abort();
      },
    }).catch((e: unknown) => expect(isRunError(e) && e.tag === 'aborted').toBe(true));
    await executeRun(split, { storeFactory: stores, shard: { index: 1, count: 2 } });
    await executeRun(split, { storeFactory: stores, shard: { index: 0, count: 2 } });
    expect(Buffer.from(storeOf(split).data.buffer).equals(Buffer.from(storeOf(whole).data.buffer))).toBe(
      true,
    );
    await finalizeRun(split, { storeFactory: stores });
    expect(sameFolders(join(split, 'mips'), join(whole, 'mips'))).toBe(true);
    expect(sameFolders(join(split, 'preview'), join(whole, 'preview'))).toBe(true);
  }, 300_000);

  it('covers only the selected channels and time points, each with its own model', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const runDir = join(dir.path, 'nuclei-only');
    const manifest = await createRun({
      input: hyperstack,
      model: models(),
      runDir,
      ...unit,
      channels: '1',
      timepoints: '0',
    });
    expect(manifest.planes).toEqual({ channels: [1], timepoints: [0], axes: { c: true, t: true } });
    expect(manifest.output.planes).toEqual({ c: 1, t: 1 });
    await executeRun(runDir, { storeFactory: stores });
    const nucleiC1 = storeOf(join(dir.path, 'nuclei-c1')).data;
    expect(Buffer.from(storeOf(runDir).data.buffer).equals(Buffer.from(nucleiC1.buffer))).toBe(true);
  }, 300_000);

  it('refuses an out-of-range selection, a model directory of another channel count and a model of another channel, in one line each', async () => {
    const refusal = async (o: Partial<Parameters<typeof createRun>[0]>): Promise<string> => {
      const e = await createRun({
        input: hyperstack,
        model: models(),
        runDir: join(dir.path, `refused-${Math.random()}`),
        ...unit,
        ...o,
      }).catch((err: unknown) => err);
      expect(isRunError(e) && e.tag).toBe('bad-input');
      return (e as Error).message;
    };
    expect(await refusal({ channels: '0,2' })).toContain(
      'channel 2 is out of range: the stack has 2 channels (0–1)',
    );
    expect(await refusal({ timepoints: '0-3' })).toContain(
      'time point 2 is out of range: the stack has 2 time points (0–1)',
    );
    const three = join(dir.path, 'three-models');
    for (const c of [0, 1, 2]) cpSync(join(models(), 'c0'), join(three, `c${c}`), { recursive: true });
    expect(await refusal({ model: three })).toMatch(/holds models for 3 channels \(c0–c2\), the stack has 2/);
    const swapped = join(dir.path, 'swapped-models');
    await saveTinyModel(join(swapped, 'c0'), 11, 0);
    await saveTinyModel(join(swapped, 'c1'), 11, 0);
    expect(await refusal({ model: swapped })).toMatch(
      /c1 was trained on channel 0's data and degradation, not channel 1's: retrain it with isotrope train --channel 1/,
    );
    expect(await refusal({ model: join(dir.path, 'nowhere') })).toMatch(
      /no model in .*: train one with isotrope train/,
    );
  });

  it('applies one model to every channel when MODEL_DIR holds one model', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const { model } = await runFixture(join(dir.path, 'single-model'));
    const runDir = join(dir.path, 'one-model');
    const manifest = await createRun({ input: hyperstack, model, runDir, ...unit, timepoints: '1' });
    expect(manifest.channelModels).toBeUndefined();
    expect(manifest.model.file).toBe('model/model.safetensors');
    await executeRun(runDir, { storeFactory: stores });
    expect(storeOf(runDir).spec.planes).toEqual({ c: 2, t: 1 });
  }, 300_000);
});
