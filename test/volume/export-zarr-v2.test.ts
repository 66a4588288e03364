/**
 * The Zarr v2 / NGFF 0.4 export (issue 17): every level, read by an independent v2 reader
 * (Debian's python3-zarr 2.13), holds exactly what output.zarr holds through our reader; the
 * `.zattrs` validate against the vendored NGFF 0.4 image schema with the pyramid's transforms;
 * an existing output is refused without force, a partial export says so, a stack converts.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportVolume } from '../../app/volume/export.js';
import { openVolume } from '../../app/volume/open.js';
import { createOmeZarr, fullBox, type OmeZarrSpec } from '../../app/volume/zarr/index.js';
import { randomStack, tempDir, writeOmeStack } from '../helpers/fixtures.js';
import { expectPyramidTransforms, ngffImageErrors } from '../helpers/ngff-schema.js';
import { pythonZarrUnavailable, readWithPythonZarr } from '../helpers/python-zarr.js';

const dir = tempDir('isotrope-zarr-v2-');
afterAll(() => dir.remove());

/** A 3D uint16 store whose shape is not a multiple of its chunks (edge chunks at every level). */
const SCALAR: OmeZarrSpec = {
  shape: { x: 37, y: 21, z: 13 },
  chunk: { x: 16, y: 8, z: 5 },
  dtype: 'uint16',
  voxelSize: { x: 0.4, y: 0.4, z: 1.2 },
  levels: 3,
};

/** Two time points of two named float32 channels with display windows. */
const HYPER: OmeZarrSpec = {
  shape: { x: 20, y: 12, z: 9 },
  chunk: { x: 8, y: 8, z: 4 },
  dtype: 'float32',
  voxelSize: { x: 0.3, y: 0.3, z: 0.9 },
  levels: 2,
  name: 'hyper',
  planes: { t: 2, c: 2 },
  channels: [
    { name: 'vessels', color: '00FFFF', window: { start: 0.1, end: 0.8, min: 0, max: 1 } },
    { name: 'nuclei', color: 'FF00FF', window: { start: 0.2, end: 0.9, min: 0, max: 1 } },
  ],
};

/** The scalar store in the sharded layout (issue 17): the same voxels, a few chunks to a shard file. */
const SHARDED: OmeZarrSpec = { ...SCALAR, shard: { x: 48, y: 16, z: 10 } };

const stores = {
  scalar: join(dir.path, 'scalar.zarr'),
  hyper: join(dir.path, 'hyper.zarr'),
  sharded: join(dir.path, 'sharded.zarr'),
};
const exports = {
  scalar: join(dir.path, 'scalar-v2.zarr'),
  hyper: join(dir.path, 'hyper-v2.zarr'),
  sharded: join(dir.path, 'sharded-v2.zarr'),
};

async function makeStore(path: string, spec: OmeZarrSpec): Promise<void> {
  const store = await createOmeZarr(path, spec);
  const { x, y, z } = spec.shape;
  for (let t = 0; t < (spec.planes?.t ?? 1); t++) {
    for (let c = 0; c < (spec.planes?.c ?? 1); c++) {
      const plane = { c, t };
      await store.writeBox(0, fullBox(spec.shape), randomStack(spec.dtype, x, y, z, 1 + c + 2 * t), plane);
      await store.downsample(0, undefined, { plane });
    }
  }
  await store.close();
}

async function exportV2(source: string, out: string, options: { force?: boolean } = {}): Promise<void> {
  const volume = await openVolume(source);
  try {
    await exportVolume(volume, out, { format: 'ome-zarr-v2', ...options });
  } finally {
    await volume.close();
  }
}

/** Level `k` of `store` through our reader: every (t, c) plane in turn, as C-order bytes of (t, c, z, y, x). */
async function ourLevelBytes(store: string, k: number): Promise<Buffer> {
  const volume = await openVolume(store, { level: k });
  const parts: Buffer[] = [];
  try {
    for (let t = 0; t < volume.shape.t; t++) {
      for (let c = 0; c < volume.shape.c; c++) {
        const data = await volume.readBrick(fullBox(volume.shape), { c, t });
        parts.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      }
    }
  } finally {
    await volume.close();
  }
  return Buffer.concat(parts);
}

const zattrsOf = (store: string) => JSON.parse(readFileSync(join(store, '.zattrs'), 'utf8')) as never;

beforeAll(async () => {
  await makeStore(stores.scalar, SCALAR);
  await makeStore(stores.hyper, HYPER);
  await makeStore(stores.sharded, SHARDED);
  await exportV2(stores.scalar, exports.scalar);
  await exportV2(stores.hyper, exports.hyper);
  await exportV2(stores.sharded, exports.sharded);
}, 120_000);

describe('export --format ome-zarr-v2', () => {
  const unavailable = pythonZarrUnavailable();
  for (const name of ['scalar', 'hyper'] as const) {
    it.skipIf(unavailable)(
      `${name}: python-zarr reads every level equal to output.zarr through our reader${unavailable ? ` (skipped: ${unavailable})` : ''}`,
      async () => {
        const dump = join(dir.path, `dump-${name}`);
        mkdirSync(dump);
        const read = readWithPythonZarr(exports[name], dump);
        const spec = name === 'scalar' ? SCALAR : HYPER;
        expect(read.levels.map((l) => l.path)).toEqual(['0', '1', '2'].slice(0, spec.levels));
        for (const [k, level] of read.levels.entries()) {
          const ours = await openVolume(stores[name], { level: k });
          const { t, c, z, y, x } = ours.shape;
          await ours.close();
          expect(level.shape).toEqual(name === 'scalar' ? [z, y, x] : [t, c, z, y, x]);
          expect(level.dtype).toBe(name === 'scalar' ? '<u2' : '<f4');
          expect(level.compressor).toMatchObject({ id: 'blosc', cname: 'zstd', shuffle: 1 });
          const expected = await ourLevelBytes(stores[name], k);
          expect(level.bytes.length).toBe(expected.length);
          expect(Buffer.compare(level.bytes, expected), `level ${k} differs`).toBe(0);
        }
        expect(read.attrs).toEqual(zattrsOf(exports[name]));
      },
    );
  }

  it('exports a sharded store to the same files as the chunked store of the same voxels', () => {
    const files = (root: string): string[] =>
      readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name).slice(root.length))
        .sort();
    expect(files(exports.sharded)).toEqual(files(exports.scalar));
    for (const file of files(exports.scalar)) {
      const a = readFileSync(join(exports.scalar, file));
      const b = readFileSync(join(exports.sharded, file));
      expect(Buffer.compare(a, b), file).toBe(0);
    }
  });

  it('writes chunk files at level/[t/c/]z/y/x, with / as the separator in every .zarray', () => {
    expect(existsSync(join(exports.scalar, '.zgroup'))).toBe(true);
    expect(existsSync(join(exports.scalar, '0', '2', '2', '2'))).toBe(true); // the far edge chunk of 13×21×37
    expect(existsSync(join(exports.hyper, '1', '1', '1', '0', '0', '0'))).toBe(true);
    for (const store of [exports.scalar, exports.hyper]) {
      const zarray = JSON.parse(readFileSync(join(store, '0', '.zarray'), 'utf8')) as Record<string, unknown>;
      expect(zarray).toMatchObject({ zarr_format: 2, order: 'C', dimension_separator: '/', fill_value: 0 });
    }
  });

  it('.zattrs validate against the NGFF 0.4 image schema (strict where named), with one scale per level of voxel size × 2^k', () => {
    for (const [name, spec] of [
      ['scalar', SCALAR],
      ['hyper', HYPER],
    ] as const) {
      const attrs = zattrsOf(exports[name]) as { multiscales: never[] };
      expect(ngffImageErrors('0.4', attrs)).toEqual([]);
      // The strict schema adds what NGFF recommends, a name among them; the scalar store has none.
      if (spec.name !== undefined) expect(ngffImageErrors('0.4', attrs, true)).toEqual([]);
      expect(attrs.multiscales).toHaveLength(1);
      expectPyramidTransforms(attrs.multiscales[0], spec.voxelSize);
    }
  });

  it('the schema check can fail: a version other than 0.4, or a dataset without a scale, is refused', () => {
    const attrs = zattrsOf(exports.scalar) as {
      multiscales: { version: string; datasets: { coordinateTransformations: unknown[] }[] }[];
    };
    const wrongVersion = structuredClone(attrs);
    wrongVersion.multiscales[0].version = '0.5';
    expect(ngffImageErrors('0.4', wrongVersion)).not.toEqual([]);
    const noScale = structuredClone(attrs);
    noScale.multiscales[0].datasets[1].coordinateTransformations = [];
    expect(ngffImageErrors('0.4', noScale)).not.toEqual([]);
  });

  it('keeps axes, units and omero channel names, colours and windows', async () => {
    const attrs = zattrsOf(exports.hyper) as {
      multiscales: { version: string; axes: { name: string; type: string; unit?: string }[] }[];
      omero: { channels: { label: string; color: string; window: Record<string, number> }[] };
    };
    expect(attrs.multiscales[0].version).toBe('0.4');
    expect(attrs.multiscales[0].axes).toEqual([
      { name: 't', type: 'time' },
      { name: 'c', type: 'channel' },
      { name: 'z', type: 'space', unit: 'micrometer' },
      { name: 'y', type: 'space', unit: 'micrometer' },
      { name: 'x', type: 'space', unit: 'micrometer' },
    ]);
    expect(attrs.omero.channels.map((ch) => [ch.label, ch.color, ch.window])).toEqual(
      (HYPER.channels ?? []).map((ch) => [ch.name, ch.color, ch.window]),
    );
    const v2 = await openVolume(exports.hyper);
    expect(v2.channels?.map((ch) => ch.name)).toEqual(['vessels', 'nuclei']);
    expect(v2.voxelSize).toEqual({ x: 0.3, y: 0.3, z: 0.9 });
    await v2.close();
  });

  it('refuses an existing output without --force and leaves it alone; --force replaces a Zarr store', async () => {
    const out = join(dir.path, 'taken');
    mkdirSync(out);
    writeFileSync(join(out, 'precious.txt'), 'precious');
    await expect(exportV2(stores.scalar, out)).rejects.toMatchObject({ tag: 'exists' });
    await expect(exportV2(stores.scalar, out, { force: true })).rejects.toMatchObject({ tag: 'exists' });
    expect(readFileSync(join(out, 'precious.txt'), 'utf8')).toBe('precious');
    await expect(exportV2(stores.hyper, exports.scalar)).rejects.toMatchObject({ tag: 'exists' });
    const replaced = join(dir.path, 'replaced-v2.zarr');
    await exportV2(stores.hyper, replaced);
    await exportV2(stores.scalar, replaced, { force: true });
    expect(JSON.parse(readFileSync(join(replaced, '0', '.zarray'), 'utf8'))).toMatchObject({
      shape: [13, 21, 37],
    });
  });

  it('marks a partial export in .zattrs', async () => {
    const out = join(dir.path, 'partial-v2.zarr');
    const volume = await openVolume(stores.scalar);
    await exportVolume(volume, out, { format: 'ome-zarr-v2', partial: { unitsDone: 1, unitsTotal: 3 } });
    await volume.close();
    expect(zattrsOf(out)).toMatchObject({ isotrope_partial: { unitsDone: 1, unitsTotal: 3 } });
    expect(ngffImageErrors('0.4', zattrsOf(out))).toEqual([]);
  });

  it('converts a TIFF stack by way of a temporary v3 store, which it removes', async () => {
    const stack = await writeOmeStack(join(dir.path, 'stack.ome.tif'), { x: 30, y: 20, z: 7 });
    const out = join(dir.path, 'from-tiff-v2.zarr');
    await exportV2(stack.path, out);
    const v2 = await openVolume(out);
    const data = await v2.readBrick(fullBox(v2.shape));
    expect(Buffer.compare(Buffer.from(data.buffer), Buffer.from(stack.stackOf(0, 0).buffer))).toBe(0);
    expect(v2.voxelSize).toEqual({ x: 0.5, y: 0.5, z: 2 });
    await v2.close();
    const leftovers = readdirSync(dir.path).filter((f) => f.includes('.part'));
    expect(leftovers).toEqual([]);
  });
});
