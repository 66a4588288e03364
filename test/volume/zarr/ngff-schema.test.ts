/**
 * output.zarr as NGFF 0.5 (issue 17): the root zarr.json's attributes validate against the
 * vendored NGFF 0.5 image schema (and its strict form where the store is named), for a 3D and a
 * multi-channel store, with one scale per level of voxel size × 2^k; the channel windows a
 * finalize records land in omero with the names and colours.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createOmeZarr, type OmeZarrSpec } from '../../../app/volume/zarr/index.js';
import { tempDir } from '../../helpers/fixtures.js';
import { expectPyramidTransforms, ngffImageErrors } from '../../helpers/ngff-schema.js';

const dir = tempDir('isotrope-ngff-schema-');
afterAll(() => dir.remove());

const SCALAR: OmeZarrSpec = {
  shape: { x: 300, y: 90, z: 40 },
  chunk: { x: 64, y: 64, z: 16 },
  dtype: 'uint16',
  voxelSize: { x: 0.4, y: 0.4, z: 1.6 },
};

const CHANNELS: OmeZarrSpec = {
  shape: { x: 40, y: 30, z: 12 },
  chunk: { x: 32, y: 32, z: 8 },
  dtype: 'float32',
  voxelSize: { x: 0.3, y: 0.3, z: 0.9 },
  levels: 2,
  name: 'two channels',
  planes: { c: 2 },
  channels: [
    { name: 'vessels', color: '00FFFF' },
    { name: 'nuclei', color: 'FF00FF' },
  ],
};

function rootAttributes(store: string): { ome: { multiscales: never[]; omero?: unknown } } {
  return (JSON.parse(readFileSync(join(store, 'zarr.json'), 'utf8')) as { attributes: never }).attributes;
}

describe('output.zarr metadata against the NGFF 0.5 schemas', () => {
  for (const [name, spec] of [
    ['3D', SCALAR],
    ['multi-channel', CHANNELS],
  ] as const) {
    it(`${name}: attributes.ome validates as an NGFF 0.5 image, one scale per level of voxel size × 2^k`, async () => {
      const path = join(dir.path, `${name}.zarr`);
      const store = await createOmeZarr(path, spec);
      await store.close();
      const attributes = rootAttributes(path);
      expect(ngffImageErrors('0.5', attributes)).toEqual([]);
      if (spec.name !== undefined) expect(ngffImageErrors('0.5', attributes, true)).toEqual([]);
      expect(attributes.ome.multiscales).toHaveLength(1);
      expectPyramidTransforms(attributes.ome.multiscales[0], spec.voxelSize);
    });
  }

  it('the check can fail: an NGFF 0.4 version or a scale of the wrong length is refused', async () => {
    const path = join(dir.path, 'refused.zarr');
    await (await createOmeZarr(path, SCALAR)).close();
    const wrongVersion = structuredClone(rootAttributes(path)) as unknown as { ome: { version: string } };
    wrongVersion.ome.version = '0.4';
    expect(ngffImageErrors('0.5', wrongVersion)).not.toEqual([]);
    const attributes = rootAttributes(path) as unknown as {
      ome: { multiscales: { datasets: { coordinateTransformations: { scale?: number[] }[] }[] }[] };
    };
    const scale = attributes.ome.multiscales[0].datasets[0].coordinateTransformations[0].scale ?? [];
    expect(() =>
      expectPyramidTransforms(attributes.ome.multiscales[0] as never, { ...SCALAR.voxelSize, z: 1 }),
    ).toThrow();
    scale.pop();
    expect(() => expectPyramidTransforms(attributes.ome.multiscales[0] as never, SCALAR.voxelSize)).toThrow();
  });

  it('channel windows recorded after finalize go into omero with names and colours, still valid', async () => {
    const path = join(dir.path, 'windows.zarr');
    const store = await createOmeZarr(path, CHANNELS);
    const windows = [
      { start: 0.05, end: 0.7, min: 0, max: 0.9 },
      { start: 0.1, end: 0.6, min: 0.01, max: 1 },
    ];
    await store.setChannelWindows(windows);
    await store.close();
    const attributes = rootAttributes(path) as {
      ome: { omero: { channels: { label: string; color: string; window: unknown }[] } };
    };
    expect(attributes.ome.omero.channels.map((ch) => [ch.label, ch.color, ch.window])).toEqual([
      ['vessels', '00FFFF', windows[0]],
      ['nuclei', 'FF00FF', windows[1]],
    ]);
    expect(ngffImageErrors('0.5', attributes, true)).toEqual([]);
  });
});
