/**
 * The metadata we write, read as plain JSON and checked against the OME-NGFF 0.5 rules
 * ourselves: Debian's python3-zarr cannot read Zarr v3 (FACTS.md), so no reference reader
 * is available offline.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOmeZarr, defaultLevels } from '../../../app/volume/zarr/index.js';
import { tempDir } from '../../helpers/fixtures.js';

const tmp = tempDir('isotrope-zarr-meta-');
afterAll(() => tmp.remove());
/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- zarr.json is read as free JSON */
type Json = Record<string, any>;
const json = (...p: string[]): Json => JSON.parse(readFileSync(join(...p), 'utf8')) as Json;

describe('NGFF 0.5 metadata', () => {
  const voxelSize = { x: 0.411, y: 0.411, z: 0.5 };
  const shape = { x: 600, y: 300, z: 70 };
  const chunk = { x: 128, y: 64, z: 64 };

  it('root zarr.json: a v3 group with ome.version 0.5 and one multiscales entry', async () => {
    const path = join(tmp.path, 'a.zarr');
    await createOmeZarr(path, { shape, chunk, dtype: 'uint16', voxelSize, name: 'sr' });
    const root = json(path, 'zarr.json');
    expect(root.zarr_format).toBe(3);
    expect(root.node_type).toBe('group');
    const ome = root.attributes.ome;
    expect(ome.version).toBe('0.5');
    expect(ome.multiscales).toHaveLength(1);
    const ms = ome.multiscales[0];
    expect(ms.version).toBeUndefined(); // 0.5 moved the version up to "ome"
    expect(ms.name).toBe('sr');
    expect(ms.axes).toEqual([
      { name: 'z', type: 'space', unit: 'micrometer' },
      { name: 'y', type: 'space', unit: 'micrometer' },
      { name: 'x', type: 'space', unit: 'micrometer' },
    ]);
    // 600 → 300 → 150: three levels until the largest side is ≤ 256.
    expect(defaultLevels(shape)).toBe(3);
    expect(ms.datasets.map((d: { path: string }) => d.path)).toEqual(['0', '1', '2']);
    ms.datasets.forEach(
      (
        d: { coordinateTransformations: { type: string; scale?: number[]; translation?: number[] }[] },
        k: number,
      ) => {
        const [scale, translation] = d.coordinateTransformations;
        expect(scale.type).toBe('scale'); // NGFF: exactly one scale, first; then at most one translation
        expect(scale.scale).toHaveLength(3);
        expect(scale.scale).toEqual([0.5 * 2 ** k, 0.411 * 2 ** k, 0.411 * 2 ** k]);
        if (k === 0) expect(translation).toBeUndefined();
        else expect(translation.translation).toEqual([0.5, 0.411, 0.411].map((v) => ((2 ** k - 1) / 2) * v));
      },
    );
  });

  it('level arrays: v3 arrays of halved shapes, clipped chunks, zstd, fill 0, dimension names z,y,x', async () => {
    const path = join(tmp.path, 'b.zarr');
    const store = await createOmeZarr(path, { shape, chunk, dtype: 'float32', voxelSize });
    const shapes = [
      [70, 300, 600],
      [35, 150, 300],
      [18, 75, 150],
    ];
    const chunks = [
      [64, 64, 128],
      [35, 64, 128],
      [18, 64, 128],
    ];
    shapes.forEach((s, k) => {
      const a = json(path, String(k), 'zarr.json');
      expect(a.zarr_format).toBe(3);
      expect(a.node_type).toBe('array');
      expect(a.shape).toEqual(s);
      expect(a.chunk_grid).toEqual({ name: 'regular', configuration: { chunk_shape: chunks[k] } });
      expect(a.data_type).toBe('float32');
      expect(a.fill_value).toBe(0);
      expect(a.dimension_names).toEqual(['z', 'y', 'x']);
      expect(a.codecs).toEqual([
        { name: 'bytes', configuration: { endian: 'little' } },
        { name: 'zstd', configuration: { level: 3, checksum: false } },
      ]);
      expect(store.levels[k].shape).toEqual({ x: s[2], y: s[1], z: s[0] });
    });
  });

  it('metadata is a pure function of the spec (shards creating the store at once write identical files)', async () => {
    const spec = { shape, chunk, dtype: 'uint8' as const, voxelSize, levels: 2 };
    await createOmeZarr(join(tmp.path, 'c.zarr'), spec);
    await createOmeZarr(join(tmp.path, 'd.zarr'), spec);
    for (const f of ['zarr.json', '0/zarr.json', '1/zarr.json']) {
      expect(readFileSync(join(tmp.path, 'c.zarr', f), 'utf8')).toBe(
        readFileSync(join(tmp.path, 'd.zarr', f), 'utf8'),
      );
    }
  });

  it('a small volume has one level; sides never drop below 1', async () => {
    expect(defaultLevels({ x: 256, y: 10, z: 3 })).toBe(1);
    const store = await createOmeZarr(join(tmp.path, 'e.zarr'), {
      shape: { x: 600, y: 2, z: 1 },
      chunk,
      dtype: 'uint8',
      voxelSize,
    });
    expect(store.levels.map((l) => l.shape)).toEqual([
      { x: 600, y: 2, z: 1 },
      { x: 300, y: 1, z: 1 },
      { x: 150, y: 1, z: 1 },
    ]);
  });
});
