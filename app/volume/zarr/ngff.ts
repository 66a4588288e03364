/**
 * OME-NGFF 0.5 metadata of the stores we write, and the geometry of their pyramid.
 *
 * Arrays are 3D, axes (z, y, x) — NGFF orders spatial axes z, y, x and puts them last —
 * each of type "space" in "micrometer". Level k is level 0 averaged over 2×2×2 blocks k
 * times: shape ceil(n / 2^k) (at least 1), scale = voxel size · 2^k, and a translation of
 * (2^k − 1)/2 voxels of level 0, because a block mean sits at the centre of its block.
 *
 * A store of several channels or time points (`planes`) puts a t axis (type "time") and / or a
 * c axis (type "channel") in front, in that NGFF order, chunked 1 along each, with scale 1 and
 * translation 0: the pyramid averages only z, y and x, each plane on its own. `channels` adds
 * NGFF's `omero` block (label, colour, display window per channel), which napari and Fiji's
 * OME-Zarr readers use to show the channels.
 */

export interface Dims {
  x: number;
  y: number;
  z: number;
}

export type OmeZarrDType = 'uint16' | 'uint8' | 'float32';

/** A key present = the store has that axis, of that size (t first, then c, in front of z, y, x). */
export interface PlaneAxes {
  c?: number;
  t?: number;
}

/** Positions along a store's own c and t axes (each default 0). */
export interface PlaneIndex {
  c?: number;
  t?: number;
}

/** The display range of one channel, NGFF omero's `window`: start..end shown, min..max possible. */
export interface ChannelWindow {
  start: number;
  end: number;
  min: number;
  max: number;
}

/** One channel of the store as NGFF omero describes it (colour RRGGBB). */
export interface OmeroChannelSpec {
  name: string;
  color: string;
  /** Default: the dtype's range (0..255, 0..65535; 0..1 for float32). */
  window?: ChannelWindow;
}

export interface OmeZarrSpec {
  shape: Dims;
  /** Chunk shape of level 0; every level uses it, clipped to the level's shape. */
  chunk: Dims;
  /**
   * Shard shape of level 0 (a multiple of `chunk` per axis): present, every level is stored as
   * Zarr v3 `sharding_indexed` shards of this shape (clipped like the chunks), the chunks being
   * the shards' inner chunks; absent, one file per chunk.
   */
  shard?: Dims;
  dtype: OmeZarrDType;
  /** µm per voxel of level 0. */
  voxelSize: Dims;
  /** Pyramid levels including level 0. Default: halve until the largest side is ≤ 256 (fits a 3D texture). */
  levels?: number;
  /** Name of the multiscales entry (NGFF `name`); omitted when undefined. */
  name?: string;
  /** Channel and time axes in front of z, y, x; absent (or empty): a 3D store. */
  planes?: PlaneAxes;
  /** NGFF omero channel metadata, one per channel (planes.c, or 1 without a c axis). */
  channels?: OmeroChannelSpec[];
}

export interface LevelGeometry {
  shape: Dims;
  chunk: Dims;
  /** Shard shape of a sharded store (a multiple of chunk; one file per shard). */
  shard?: Dims;
}

/** Largest side of the top level when `levels` is not given. */
export const TOP_LEVEL_MAX_SIDE = 256;

const AXES = ['z', 'y', 'x'] as const;

/** Level count by default: 1 + halvings until the largest side is ≤ 256. */
export function defaultLevels(shape: Dims): number {
  let levels = 1;
  while (Math.max(...AXES.map((a) => levelSide(shape[a], levels - 1))) > TOP_LEVEL_MAX_SIDE) levels++;
  return levels;
}

function levelSide(n: number, k: number): number {
  return Math.max(1, Math.ceil(n / 2 ** k));
}

/** Shape and chunk shape of every level. */
export function levelGeometry(spec: OmeZarrSpec): LevelGeometry[] {
  const levels = spec.levels ?? defaultLevels(spec.shape);
  return Array.from({ length: levels }, (_, k) => {
    const shape = {
      x: levelSide(spec.shape.x, k),
      y: levelSide(spec.shape.y, k),
      z: levelSide(spec.shape.z, k),
    };
    const chunk = {
      x: Math.min(spec.chunk.x, shape.x),
      y: Math.min(spec.chunk.y, shape.y),
      z: Math.min(spec.chunk.z, shape.z),
    };
    if (spec.shard === undefined) return { shape, chunk };
    // Clipped to the level's chunks, so it stays a multiple of the chunk, and a level whose
    // shards span it whole (e.g. all of x) does so at every level.
    const clip = (a: 'x' | 'y' | 'z'): number =>
      Math.min((spec.shard as Dims)[a], Math.ceil(shape[a] / chunk[a]) * chunk[a]);
    return { shape, chunk, shard: { x: clip('x'), y: clip('y'), z: clip('z') } };
  });
}

/** The spec as stored: defaults filled in, optional parts only where given. */
export type NormalisedSpec = Required<
  Pick<OmeZarrSpec, 'shape' | 'chunk' | 'dtype' | 'voxelSize' | 'levels'>
> &
  Pick<OmeZarrSpec, 'name' | 'planes' | 'channels' | 'shard'>;

/**
 * The spec with its defaults filled in: what is stored and compared on resume. A spec without
 * planes or channels normalises to exactly what it did before they existed (same stored bytes).
 */
export function normaliseSpec(spec: OmeZarrSpec): NormalisedSpec {
  const out: NormalisedSpec = {
    shape: { ...spec.shape },
    chunk: { ...spec.chunk },
    dtype: spec.dtype,
    voxelSize: { ...spec.voxelSize },
    levels: spec.levels ?? defaultLevels(spec.shape),
  };
  if (spec.name !== undefined) out.name = spec.name;
  if (spec.shard !== undefined) out.shard = { ...spec.shard };
  const planes: PlaneAxes = {};
  if (spec.planes?.t !== undefined) planes.t = spec.planes.t;
  if (spec.planes?.c !== undefined) planes.c = spec.planes.c;
  if (Object.keys(planes).length > 0) out.planes = planes;
  if (spec.channels !== undefined) out.channels = spec.channels.map(normaliseChannel);
  return out;
}

function normaliseChannel(channel: OmeroChannelSpec): OmeroChannelSpec {
  const out: OmeroChannelSpec = { name: channel.name, color: channel.color.toUpperCase() };
  if (channel.window !== undefined) {
    const { start, end, min, max } = channel.window;
    out.window = { start, end, min, max };
  }
  return out;
}

/** The axes in front of z, y, x, in array order (t, then c), with their sizes. */
export function planeAxesOf(spec: OmeZarrSpec): { name: 't' | 'c'; size: number }[] {
  const axes: { name: 't' | 'c'; size: number }[] = [];
  if (spec.planes?.t !== undefined) axes.push({ name: 't', size: spec.planes.t });
  if (spec.planes?.c !== undefined) axes.push({ name: 'c', size: spec.planes.c });
  return axes;
}

/** Why `spec` cannot be written, or undefined when it can. */
export function specProblem(spec: OmeZarrSpec): string | undefined {
  for (const a of AXES) {
    if (!(Number.isInteger(spec.shape[a]) && spec.shape[a] > 0))
      return `shape.${a} must be a positive integer, got ${spec.shape[a]}`;
    if (!(Number.isInteger(spec.chunk[a]) && spec.chunk[a] > 0))
      return `chunk.${a} must be a positive integer, got ${spec.chunk[a]}`;
    const shard = spec.shard?.[a];
    if (shard !== undefined && !(Number.isInteger(shard) && shard > 0 && shard % spec.chunk[a] === 0))
      return `shard.${a} must be a positive multiple of chunk.${a} (${spec.chunk[a]}), got ${shard}`;
    if (!(Number.isFinite(spec.voxelSize[a]) && spec.voxelSize[a] > 0))
      return `voxelSize.${a} must be a positive number of µm, got ${spec.voxelSize[a]}`;
  }
  if (!['uint16', 'uint8', 'float32'].includes(spec.dtype))
    return `dtype must be uint16, uint8 or float32, got ${spec.dtype}`;
  if (spec.levels !== undefined && !(Number.isInteger(spec.levels) && spec.levels >= 1 && spec.levels <= 32))
    return `levels must be an integer in 1..32, got ${spec.levels}`;
  for (const { name, size } of planeAxesOf(spec)) {
    if (!(Number.isInteger(size) && size > 0))
      return `planes.${name} must be a positive integer, got ${size}`;
  }
  if (spec.channels !== undefined) return channelsProblem(spec.channels, spec.planes?.c ?? 1);
  return undefined;
}

function channelsProblem(channels: OmeroChannelSpec[], count: number): string | undefined {
  if (channels.length !== count) return `channels names ${channels.length} channels, the store has ${count}`;
  for (const [k, channel] of channels.entries()) {
    if (typeof channel.name !== 'string') return `channels[${k}].name must be a string`;
    if (!/^[0-9A-Fa-f]{6}$/.test(channel.color))
      return `channels[${k}].color must be 6 hex digits (RRGGBB), got ${channel.color}`;
    if (channel.window !== undefined && windowProblem(channel.window) !== undefined)
      return `channels[${k}].window ${windowProblem(channel.window)}`;
  }
  return undefined;
}

/** Why a display window cannot be written, or undefined when it can. */
export function windowProblem(window: ChannelWindow): string | undefined {
  const values = [window.start, window.end, window.min, window.max];
  if (!values.every((value) => typeof value === 'number' && Number.isFinite(value)))
    return `needs finite start, end, min and max, got ${JSON.stringify(window)}`;
  return undefined;
}

/** A channel's window when the spec gives none: the whole range of the dtype (0..1 for floats). */
export function defaultWindow(dtype: OmeZarrDType): ChannelWindow {
  const max = { uint8: 255, uint16: 65535, float32: 1 }[dtype];
  return { start: 0, end: max, min: 0, max };
}

/** NGFF omero: one entry per channel, shown in colour (rdefs.model), every channel active. */
export function omeroAttributes(
  channels: OmeroChannelSpec[],
  dtype: OmeZarrDType,
): { channels: Record<string, unknown>[]; rdefs: { model: 'color' } } {
  return {
    channels: channels.map((channel) => ({
      label: channel.name,
      color: channel.color.toUpperCase(),
      window: { ...(channel.window ?? defaultWindow(dtype)) },
      active: true,
    })),
    rdefs: { model: 'color' },
  };
}

/** The root group's `attributes.ome` (NGFF 0.5). */
export function omeAttributes(spec: OmeZarrSpec): Record<string, unknown> {
  const levels = spec.levels ?? defaultLevels(spec.shape);
  const planeAxes = planeAxesOf(spec);
  const ones = planeAxes.map(() => 1);
  const zeros = planeAxes.map(() => 0);
  const datasets = Array.from({ length: levels }, (_, k) => {
    const f = 2 ** k;
    const transforms: Record<string, unknown>[] = [
      { type: 'scale', scale: [...ones, ...AXES.map((a) => spec.voxelSize[a] * f)] },
    ];
    if (k > 0)
      transforms.push({
        type: 'translation',
        translation: [...zeros, ...AXES.map((a) => ((f - 1) / 2) * spec.voxelSize[a])],
      });
    return { path: String(k), coordinateTransformations: transforms };
  });
  const axes = [
    ...planeAxes.map(({ name }) => ({ name, type: name === 't' ? 'time' : 'channel' })),
    ...AXES.map((name) => ({ name, type: 'space', unit: 'micrometer' })),
  ];
  const multiscale: Record<string, unknown> = {
    axes,
    datasets,
    type: 'mean',
    metadata: { description: '2x2x2 block mean, rounded for integer types', method: 'isotrope downsample' },
  };
  if (spec.name !== undefined) multiscale.name = spec.name;
  const ome: Record<string, unknown> = { version: '0.5', multiscales: [multiscale] };
  if (spec.channels !== undefined) ome.omero = omeroAttributes(spec.channels, spec.dtype);
  return ome;
}
