/**
 * Stores of several channels and time points (`planes`): axes t, c, z, y, x with chunks of 1
 * along t and c; every plane written chunk by chunk with its own data reads back alone, its
 * pyramid is built from it alone, omero names the channels, and zarrita (an independent
 * reader of the whole 5D array) sees the same values at [t, c, z, y, x].
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as zarr from 'zarrita';
import FileSystemStore from '@zarrita/storage/fs';
import {
  blockMean,
  createOmeZarr,
  fullBox,
  openOmeZarr,
  type OmeZarrSpec,
  type OmeZarrStore,
} from '../../../app/volume/zarr/index.js';
import { openVolume } from '../../../app/volume/open.js';
import { isVolumeError } from '../../../app/volume/errors.js';
import type { Box, TypedArray } from '../../../app/volume/types.js';
import { brickOf, planeOf, randomStack, tempDir } from '../../helpers/fixtures.js';

const tmp = tempDir('isotrope-zarr-planes-');
afterAll(() => tmp.remove());
/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- zarr.json is read as free JSON */
type Json = Record<string, any>;
const json = (...parts: string[]): Json => JSON.parse(readFileSync(join(...parts), 'utf8')) as Json;

const shape = { x: 21, y: 13, z: 9 };
const chunk = { x: 8, y: 5, z: 4 };
const CHANNELS = 2;
const TIMEPOINTS = 3;
const spec: OmeZarrSpec = {
  shape,
  chunk,
  dtype: 'uint16',
  voxelSize: { x: 0.4, y: 0.4, z: 0.8 },
  levels: 2,
  planes: { c: CHANNELS, t: TIMEPOINTS },
  channels: [
    { name: 'vessels', color: '00FFFF' },
    { name: 'neurons', color: 'FF00FF' },
  ],
};
const path = join(tmp.path, 'planes.zarr');
/** stacks[t][c]: distinct data per plane. */
const stacks: TypedArray[][] = [];
let store: OmeZarrStore;

const planeBox = (x0: number, x1: number, y0: number, y1: number, z0: number, z1: number): Box => ({
  x: { start: x0, end: x1 },
  y: { start: y0, end: y1 },
  z: { start: z0, end: z1 },
});

async function writePlaneChunks(
  target: OmeZarrStore,
  stack: TypedArray,
  c: number,
  t: number,
): Promise<void> {
  for (let cz = 0; cz < Math.ceil(shape.z / chunk.z); cz++) {
    for (let cy = 0; cy < Math.ceil(shape.y / chunk.y); cy++) {
      for (let cx = 0; cx < Math.ceil(shape.x / chunk.x); cx++) {
        const box = planeBox(
          cx * chunk.x,
          Math.min(shape.x, (cx + 1) * chunk.x),
          cy * chunk.y,
          Math.min(shape.y, (cy + 1) * chunk.y),
          cz * chunk.z,
          Math.min(shape.z, (cz + 1) * chunk.z),
        );
        await target.writeChunk(0, { x: cx, y: cy, z: cz }, brickOf(stack, shape, box), { c, t });
      }
    }
  }
}

beforeAll(async () => {
  store = await createOmeZarr(path, spec);
  for (let t = 0; t < TIMEPOINTS; t++) {
    stacks.push([]);
    for (let c = 0; c < CHANNELS; c++) {
      const stack = randomStack('uint16', shape.x, shape.y, shape.z, 100 + 10 * t + c);
      stacks[t].push(stack);
      await writePlaneChunks(store, stack, c, t);
      await store.downsample(0, undefined, { plane: { c, t } });
    }
  }
});

describe('OME-Zarr store of channels and time points', () => {
  it('writes NGFF axes t, c, z, y, x with chunks of 1 along t and c, scale 1 and translation 0 there', () => {
    const ome = json(path, 'zarr.json').attributes.ome;
    const multiscale = ome.multiscales[0];
    expect(multiscale.axes).toEqual([
      { name: 't', type: 'time' },
      { name: 'c', type: 'channel' },
      { name: 'z', type: 'space', unit: 'micrometer' },
      { name: 'y', type: 'space', unit: 'micrometer' },
      { name: 'x', type: 'space', unit: 'micrometer' },
    ]);
    const [level0, level1] = multiscale.datasets;
    expect(level0.coordinateTransformations).toEqual([{ type: 'scale', scale: [1, 1, 0.8, 0.4, 0.4] }]);
    expect(level1.coordinateTransformations).toEqual([
      { type: 'scale', scale: [1, 1, 1.6, 0.8, 0.8] },
      { type: 'translation', translation: [0, 0, 0.4, 0.2, 0.2] },
    ]);
    const array0 = json(path, '0', 'zarr.json');
    expect(array0.shape).toEqual([3, 2, 9, 13, 21]);
    expect(array0.chunk_grid.configuration.chunk_shape).toEqual([1, 1, 4, 5, 8]);
    expect(array0.dimension_names).toEqual(['t', 'c', 'z', 'y', 'x']);
    const array1 = json(path, '1', 'zarr.json');
    expect(array1.shape).toEqual([3, 2, 5, 7, 11]);
    expect(array1.chunk_grid.configuration.chunk_shape).toEqual([1, 1, 4, 5, 8]);
  });

  it('writes omero channel metadata: label, colour, window, active; rdefs model colour', async () => {
    const omero = json(path, 'zarr.json').attributes.ome.omero;
    expect(omero).toEqual({
      channels: [
        {
          label: 'vessels',
          color: '00FFFF',
          window: { start: 0, end: 65535, min: 0, max: 65535 },
          active: true,
        },
        {
          label: 'neurons',
          color: 'FF00FF',
          window: { start: 0, end: 65535, min: 0, max: 65535 },
          active: true,
        },
      ],
      rdefs: { model: 'color' },
    });
  });

  it('reads every plane back alone, level 0 and its own pyramid', async () => {
    const level1 = store.levels[1].shape;
    for (let t = 0; t < TIMEPOINTS; t++) {
      for (let c = 0; c < CHANNELS; c++) {
        const stack = stacks[t][c];
        expect(Array.from(await store.readBox(0, fullBox(shape), { c, t }))).toEqual(Array.from(stack));
        const inner = planeBox(3, 17, 2, 11, 1, 8);
        expect(Array.from(await store.readBox(0, inner, { c, t }))).toEqual(
          Array.from(brickOf(stack, shape, inner)),
        );
        const expected = blockMean(stack, shape, 'uint16').data;
        expect(Array.from(await store.readBox(1, fullBox(level1), { c, t }))).toEqual(Array.from(expected));
        expect(await store.hasChunk(0, { x: 2, y: 2, z: 2 }, { c, t })).toBe(true);
      }
    }
  });

  it('zarrita, reading the 5D array itself, sees every plane at [t, c, z, y, x]', async () => {
    const array = await zarr.open.v3(zarr.root(new FileSystemStore(path)).resolve('0'), { kind: 'array' });
    expect(array.shape).toEqual([TIMEPOINTS, CHANNELS, shape.z, shape.y, shape.x]);
    const whole = await zarr.get(array, [null, null, null, null, null]);
    const planeSize = shape.x * shape.y * shape.z;
    for (let t = 0; t < TIMEPOINTS; t++) {
      for (let c = 0; c < CHANNELS; c++) {
        const start = (t * CHANNELS + c) * planeSize;
        const got = (whole.data as Uint16Array).subarray(start, start + planeSize);
        expect(Array.from(got)).toEqual(Array.from(stacks[t][c]));
      }
    }
  });

  it('openVolume gives shape c/t, channel names and colours, and each plane by c/t', async () => {
    const volume = await openVolume(path);
    expect(volume.shape).toEqual({ ...shape, c: CHANNELS, t: TIMEPOINTS });
    expect(volume.channels).toEqual([
      { name: 'vessels', color: '00FFFF' },
      { name: 'neurons', color: 'FF00FF' },
    ]);
    for (let t = 0; t < TIMEPOINTS; t++) {
      for (let c = 0; c < CHANNELS; c++) {
        expect(Array.from(await volume.readPlaneXY(4, { c, t }))).toEqual(
          Array.from(planeOf(stacks[t][c], shape.x, shape.y, 4)),
        );
      }
    }
    const err = await volume.readPlaneXY(0, { c: 2 }).catch((e: unknown) => e);
    expect(isVolumeError(err) && err.tag).toBe('out-of-range');
    const coarse = await openVolume(path, { level: 1 });
    expect(coarse.shape).toEqual({ x: 11, y: 7, z: 5, c: CHANNELS, t: TIMEPOINTS });
    await volume.close();
  });

  it('reopens with its planes (openOmeZarr, and createOmeZarr of the same spec); refuses another plane count', async () => {
    const reopened = await openOmeZarr(path);
    expect(reopened.spec.planes).toEqual({ t: TIMEPOINTS, c: CHANNELS });
    expect(Array.from(await reopened.readBox(0, fullBox(shape), { c: 1, t: 2 }))).toEqual(
      Array.from(stacks[2][1]),
    );
    const again = await createOmeZarr(path, spec);
    expect(Array.from(await again.readBox(0, fullBox(shape), { c: 0, t: 1 }))).toEqual(
      Array.from(stacks[1][0]),
    );
    const other = await createOmeZarr(path, { ...spec, planes: { c: CHANNELS, t: 4 } }).catch(
      (e: unknown) => e,
    );
    expect(isVolumeError(other) && other.tag).toBe('exists');
    expect((other as Error).message).toContain('4 time points');
  });

  it('refuses positions outside the axes, and planes on a 3D store other than 0', async () => {
    const tag = async (p: Promise<unknown>): Promise<string | false> =>
      p.then(
        () => false,
        (e: unknown) => isVolumeError(e) && e.tag,
      );
    const data = new Uint16Array(chunk.x * chunk.y * chunk.z);
    expect(await tag(store.writeChunk(0, { x: 0, y: 0, z: 0 }, data, { c: 2 }))).toBe('out-of-range');
    expect(await tag(store.writeChunk(0, { x: 0, y: 0, z: 0 }, data, { t: -1 }))).toBe('out-of-range');
    expect(await tag(store.readBox(0, fullBox(shape), { t: 3 }))).toBe('out-of-range');
    expect(await tag(store.hasChunk(0, { x: 0, y: 0, z: 0 }, { c: 1.5 }))).toBe('out-of-range');
    expect(await tag(store.downsample(0, undefined, { plane: { t: 9 } }))).toBe('out-of-range');
    const flat = await createOmeZarr(join(tmp.path, 'flat.zarr'), {
      ...spec,
      planes: undefined,
      channels: undefined,
    });
    expect(await tag(flat.writeChunk(0, { x: 0, y: 0, z: 0 }, data, { c: 1 }))).toBe('out-of-range');
    await flat.writeChunk(0, { x: 0, y: 0, z: 0 }, data.fill(3), { c: 0, t: 0 });
    expect(await flat.hasChunk(0, { x: 0, y: 0, z: 0 }, {})).toBe(true);
  });

  it('a channel axis alone (no t) and a time axis alone (no c)', async () => {
    const channelsOnly = await createOmeZarr(join(tmp.path, 'c.zarr'), {
      ...spec,
      planes: { c: CHANNELS },
    });
    const timeOnly = await createOmeZarr(join(tmp.path, 't.zarr'), {
      ...spec,
      planes: { t: TIMEPOINTS },
      channels: undefined,
    });
    await channelsOnly.writeBox(0, fullBox(shape), stacks[0][1], { c: 1 });
    await timeOnly.writeBox(0, fullBox(shape), stacks[2][0], { t: 2 });
    expect(json(tmp.path, 'c.zarr', '0', 'zarr.json').dimension_names).toEqual(['c', 'z', 'y', 'x']);
    expect(json(tmp.path, 't.zarr', '0', 'zarr.json').dimension_names).toEqual(['t', 'z', 'y', 'x']);
    expect(json(tmp.path, 't.zarr', 'zarr.json').attributes.ome.omero).toBeUndefined();
    const c = await openVolume(join(tmp.path, 'c.zarr'));
    expect(c.shape).toEqual({ ...shape, c: CHANNELS, t: 1 });
    expect(Array.from(await c.readBrick(fullBox(shape), { c: 1 }))).toEqual(Array.from(stacks[0][1]));
    const t = await openVolume(join(tmp.path, 't.zarr'));
    expect(t.shape).toEqual({ ...shape, c: 1, t: TIMEPOINTS });
    expect(t.channels).toBeUndefined();
    expect(Array.from(await t.readBrick(fullBox(shape), { t: 2 }))).toEqual(Array.from(stacks[2][0]));
  });

  it('setChannelWindows rewrites only the omero windows; the spec (and so resume) is unchanged', async () => {
    const other = join(tmp.path, 'windows.zarr');
    const created = await createOmeZarr(other, spec);
    const before = json(other, 'zarr.json');
    await created.setChannelWindows([
      { start: 100, end: 3000, min: 0, max: 65535 },
      { start: 5, end: 900.5, min: 0, max: 65535 },
    ]);
    const after = json(other, 'zarr.json');
    expect(after.attributes.ome.omero.channels.map((channel: Json) => channel.window)).toEqual([
      { start: 100, end: 3000, min: 0, max: 65535 },
      { start: 5, end: 900.5, min: 0, max: 65535 },
    ]);
    expect(after.attributes.ome.omero.channels[1].label).toBe('neurons');
    expect(after.attributes.ome.multiscales).toEqual(before.attributes.ome.multiscales);
    expect(after.attributes.isotrope).toEqual(before.attributes.isotrope);
    await createOmeZarr(other, spec); // reopens: the same spec
    const wrong = await created
      .setChannelWindows([{ start: 0, end: 1, min: 0, max: 1 }])
      .catch((e: unknown) => e);
    expect(isVolumeError(wrong) && wrong.tag).toBe('write-failed');
  });

  it('stores colours in upper case, so a spec in either case reopens the store', async () => {
    const lower = join(tmp.path, 'lower.zarr');
    const lowerChannels = [
      { name: 'vessels', color: '00ffff' },
      { name: 'neurons', color: 'ff00ff' },
    ];
    await createOmeZarr(lower, { ...spec, channels: lowerChannels });
    const omero = json(lower, 'zarr.json').attributes.ome.omero;
    expect(omero.channels.map((channel: Json) => channel.color)).toEqual(['00FFFF', 'FF00FF']);
    await createOmeZarr(lower, spec);
    await createOmeZarr(lower, { ...spec, channels: lowerChannels });
  });

  it('refuses a spec whose channels do not match its c axis, or a bad plane count or colour', async () => {
    const tag = async (s: OmeZarrSpec): Promise<string | false> =>
      createOmeZarr(join(tmp.path, `bad-${Math.random()}.zarr`), s).then(
        () => false,
        (e: unknown) => isVolumeError(e) && e.tag,
      );
    expect(await tag({ ...spec, planes: { c: 3 } })).toBe('write-failed');
    expect(await tag({ ...spec, planes: { c: 0 } })).toBe('write-failed');
    expect(await tag({ ...spec, planes: { t: 1.5, c: 2 } })).toBe('write-failed');
    expect(
      await tag({
        ...spec,
        channels: [
          { name: 'a', color: 'cyan' },
          { name: 'b', color: 'FF00FF' },
        ],
      }),
    ).toBe('write-failed');
  });

  it('reads an NGFF 0.4 (Zarr v2) store of another tool with t, c axes and omero', async () => {
    const other = join(tmp.path, 'other-tool.zarr');
    mkdirSync(join(other, '0'), { recursive: true });
    writeFileSync(join(other, '.zgroup'), JSON.stringify({ zarr_format: 2 }));
    const axes = [
      { name: 't', type: 'time', unit: 'second' },
      { name: 'c', type: 'channel' },
      { name: 'z', type: 'space', unit: 'micrometer' },
      { name: 'y', type: 'space', unit: 'micrometer' },
      { name: 'x', type: 'space', unit: 'micrometer' },
    ];
    const datasets = [
      { path: '0', coordinateTransformations: [{ type: 'scale', scale: [2, 1, 0.8, 0.4, 0.4] }] },
    ];
    const omero = {
      channels: [
        { label: 'GFP', color: '00FF00' },
        { label: '', color: 'nonsense' },
      ],
    };
    writeFileSync(
      join(other, '.zattrs'),
      JSON.stringify({ multiscales: [{ version: '0.4', axes, datasets }], omero }),
    );
    const zarray = {
      zarr_format: 2,
      shape: [TIMEPOINTS, CHANNELS, shape.z, shape.y, shape.x],
      chunks: [1, 1, shape.z, shape.y, shape.x],
      dtype: '<u2',
      compressor: null,
      fill_value: 0,
      order: 'C',
      filters: null,
    };
    writeFileSync(join(other, '0', '.zarray'), JSON.stringify(zarray));
    for (let t = 0; t < TIMEPOINTS; t++) {
      for (let c = 0; c < CHANNELS; c++) {
        const stack = stacks[t][c];
        writeFileSync(
          join(other, '0', `${t}.${c}.0.0.0`),
          new Uint8Array(stack.buffer, stack.byteOffset, stack.byteLength),
        );
      }
    }
    const volume = await openVolume(other);
    expect(volume.shape).toEqual({ ...shape, c: CHANNELS, t: TIMEPOINTS });
    expect(volume.voxelSize).toEqual({ x: 0.4, y: 0.4, z: 0.8 });
    expect(volume.channels).toEqual([
      { name: 'GFP', color: '00FF00' },
      { name: null, color: null },
    ]);
    expect(Array.from(await volume.readPlaneXY(6, { c: 1, t: 2 }))).toEqual(
      Array.from(planeOf(stacks[2][1], shape.x, shape.y, 6)),
    );
  });
});
