/**
 * A run with `storeLayout: 'sharded'` against the same run with a file per chunk: one shard
 * file per unit; zarrita (an independent reader) reads every level of the sharded store voxel
 * for voxel as the chunked one; a sharded run aborted mid-run and resumed, then finalized,
 * leaves an output.zarr byte-identical to an uninterrupted one; export reads it like the chunked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as zarr from 'zarrita';
import FileSystemStore from '@zarrita/storage/fs';
import { backendFixture } from '../compute/backend-fixture.js';
import { tempDir } from '../helpers/fixtures.js';
import { executeStoppedAfter, runFixture } from './run-fixture.js';
import { createRun } from '../../app/run/create-run.js';
import { executeRun } from '../../app/run/execute-run.js';
import { finalizeRun } from '../../app/run/finalize.js';
import { openVolume } from '../../app/volume/open.js';
import { exportVolume } from '../../app/volume/export.js';
import type { TypedArray } from '../../app/volume/types.js';
import { createOmeZarr } from '../../app/volume/zarr/index.js';
import { omeZarrFactory, type StoreFactory } from '../../app/run/output-store.js';

/** The real store with a 3-level pyramid: a stack this small would have one level only. */
const pyramid: StoreFactory = {
  ...omeZarrFactory,
  create: (path, spec) => createOmeZarr(path, { ...spec, levels: 3 }),
};

const unit = { unit: 16, unitZ: 8 };
const bytes = (a: TypedArray): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** relative path → bytes of every file under `dir` but temp files. */
function tree(dir: string): Map<string, Buffer> {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  return new Map(entries.map((f) => [relative(dir, f), readFileSync(f)]));
}

describe('sharded run output', () => {
  const fixture = backendFixture('wasm');
  const dir = tempDir('isotrope-sharded-run-');
  let input: string;
  let model: string;
  const chunkedDir = () => join(dir.path, 'chunked');
  const shardedDir = () => join(dir.path, 'sharded');

  beforeAll(async () => {
    ({ input, model } = await runFixture(dir.path));
  }, 60_000);
  afterAll(() => dir.remove());

  it('writes one shard per unit that zarrita reads as the chunked store, at every level', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const chunked = await createRun({ input, model, runDir: chunkedDir(), ...unit, dtype: 'uint16' });
    expect(chunked.params.storeLayout).toBe('chunks');
    expect(chunked.output.shard).toBeUndefined();
    const sharded = await createRun({
      input,
      model,
      runDir: shardedDir(),
      ...unit,
      dtype: 'uint16',
      storeLayout: 'sharded',
    });
    expect(sharded.params.storeLayout).toBe('sharded');
    expect(sharded.output.shard).toEqual({ x: 128, y: 16, z: 8 });
    for (const runDir of [chunkedDir(), shardedDir()]) {
      await executeRun(runDir, { storeFactory: pyramid });
      await finalizeRun(runDir);
    }
    const shards = [...tree(join(shardedDir(), 'output.zarr')).keys()].filter((k) => k.startsWith('0/c/'));
    expect(shards).toHaveLength(sharded.grid.units);
    const levels = JSON.parse(readFileSync(join(shardedDir(), 'output.zarr', 'zarr.json'), 'utf8')).attributes
      .ome.multiscales[0].datasets.length;
    expect(levels).toBe(3);
    for (let level = 0; level < levels; level++) {
      const open = (runDir: string) =>
        zarr.open.v3(zarr.root(new FileSystemStore(join(runDir, 'output.zarr'))).resolve(String(level)), {
          kind: 'array',
        });
      const want = await zarr.get(await open(chunkedDir()));
      const got = await zarr.get(await open(shardedDir()));
      expect(got.shape).toEqual(want.shape);
      expect(bytes(got.data as TypedArray)).toEqual(bytes(want.data as TypedArray));
    }
  }, 180_000);

  it('resumes an aborted sharded run to a byte-identical output.zarr', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const runDir = join(dir.path, 'interrupted');
    await createRun({ input, model, runDir, ...unit, dtype: 'uint16', storeLayout: 'sharded' });
    for (const stopAfter of [1, 5]) {
      const stopped = await executeStoppedAfter(runDir, stopAfter, { storeFactory: pyramid });
      expect(stopped).toBe('aborted');
    }
    await executeRun(runDir, { storeFactory: pyramid });
    await finalizeRun(runDir);
    const got = tree(join(runDir, 'output.zarr'));
    const want = tree(join(shardedDir(), 'output.zarr'));
    expect([...got.keys()]).toEqual([...want.keys()]);
    for (const [k, v] of got) expect(v.equals(want.get(k)!), k).toBe(true);
  }, 180_000);

  it("writes the confidence map in the run's layout: sharded, with the chunked run's voxels", async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const level0 = (runDir: string) =>
      JSON.parse(readFileSync(join(runDir, 'output.zarr', 'disagreement', '0', 'zarr.json'), 'utf8')) as {
        codecs: { name: string }[];
      };
    expect(level0(shardedDir()).codecs.map((c) => c.name)).toContain('sharding_indexed');
    expect(level0(chunkedDir()).codecs.map((c) => c.name)).not.toContain('sharding_indexed');
    const maps: Buffer[] = [];
    for (const runDir of [chunkedDir(), shardedDir()]) {
      const map = await openVolume(join(runDir, 'output.zarr', 'disagreement'));
      maps.push(bytes(await map.readPlaneXZ(30)));
      await map.close();
    }
    expect(maps[1].equals(maps[0])).toBe(true);
    expect(maps[0].some((v) => v !== 0)).toBe(true);
  }, 60_000);

  it('exports the sharded store with the same voxels as the chunked one', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const planes: Buffer[] = [];
    for (const runDir of [chunkedDir(), shardedDir()]) {
      const source = await openVolume(join(runDir, 'output.zarr'));
      const out = join(runDir, 'sr.ome.tif');
      await exportVolume(source, out, { format: 'ome-tiff' });
      await source.close();
      const back = await openVolume(out);
      planes.push(bytes(await back.readPlaneXZ(30)));
      await back.close();
    }
    expect(planes[1].equals(planes[0])).toBe(true);
  }, 120_000);
});
