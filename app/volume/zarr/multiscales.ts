/**
 * Reading the `multiscales` metadata of any OME-Zarr store (NGFF 0.5 in a Zarr v3 root
 * `zarr.json` under `attributes.ome`, or NGFF 0.4 in a Zarr v2 `.zattrs`): which array is
 * each level, which axis is which, and the voxel size in µm.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { micrometresPer } from '../metadata/units.js';
import { normaliseColor } from '../channels.js';
import type { ChannelInfo } from '../types.js';

export interface MultiscaleAxis {
  name: string;
  type?: string;
  unit?: string;
}

export interface MultiscalesInfo {
  version: string;
  name?: string;
  /** Axis names in array order, e.g. ["z","y","x"] or ["t","c","z","y","x"]. */
  axes: MultiscaleAxis[];
  /** Array path of each level, finest first. */
  paths: string[];
  /** Per level, the physical size of one voxel in µm along each axis (in array order); null where unknown. */
  scales: (number | null)[][];
  /** NGFF omero's channels (label, colour), when the store has them. */
  channels?: ChannelInfo[];
}

type Json = Record<string, unknown>;

/**
 * The OME attributes of a store's root, raw: v3's `attributes.ome` (NGFF 0.5) or v2's `.zattrs`
 * (NGFF 0.4, top level); undefined when there are none.
 */
export async function readOmeAttributes(path: string): Promise<Json | undefined> {
  const v3 = await readJson(join(path, 'zarr.json'));
  const attrs = v3 ? (v3.attributes as Json | undefined) : await readJson(join(path, '.zattrs'));
  if (!attrs) return undefined;
  return (attrs.ome as Json | undefined) ?? attrs; // 0.5 nests under "ome"; 0.4 is top level
}

/** Reads the root metadata; undefined when the folder holds no OME multiscales. */
export async function readMultiscales(path: string): Promise<MultiscalesInfo | undefined> {
  const ome = await readOmeAttributes(path);
  if (!ome) return undefined;
  const list = ome.multiscales as Json[] | undefined;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const info = parseMultiscale(list[0], String(ome.version ?? list[0].version ?? '0.4'));
  const channels = omeroChannels(ome.omero);
  return channels ? { ...info, channels } : info;
}

/**
 * The channels of NGFF's (transitional) omero block: label → name, color → RRGGBB. Undefined
 * when there is no usable list; a malformed entry gives nulls rather than failing the open,
 * because omero is display metadata only.
 */
export function omeroChannels(omero: unknown): ChannelInfo[] | undefined {
  const list = (omero as Json | undefined)?.channels;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  return list.map((entry: unknown): ChannelInfo => {
    const channel = (typeof entry === 'object' && entry !== null ? entry : {}) as Json;
    const label = typeof channel.label === 'string' && channel.label.trim() !== '' ? channel.label : null;
    return { name: label, color: normaliseColor(typeof channel.color === 'string' ? channel.color : null) };
  });
}

/** Validates one multiscales entry against the NGFF rules we rely on; throws a plain Error with the reason. */
export function parseMultiscale(m: Json, version: string): MultiscalesInfo {
  const axes = (m.axes as unknown[] | undefined)?.map((a): MultiscaleAxis =>
    typeof a === 'string' ? { name: a } : (a as MultiscaleAxis),
  );
  if (!axes || axes.length < 2) throw new Error('multiscales has no axes');
  const names = axes.map((a) => a.name).join(',');
  if (!/^(t,)?(c,)?(z,)?y,x$/.test(names))
    throw new Error(`unsupported axes "${names}" (expected [t,][c,][z,]y,x)`);
  const datasets = m.datasets as Json[] | undefined;
  if (!Array.isArray(datasets) || datasets.length === 0) throw new Error('multiscales has no datasets');
  const global = scaleOf(m.coordinateTransformations, axes.length) ?? axes.map(() => 1);
  const perUm = axes.map((a) =>
    a.type === 'space' || ['x', 'y', 'z'].includes(a.name) ? (micrometresPer(a.unit ?? '') ?? null) : null,
  );
  const scales = datasets.map((d) => {
    const s = scaleOf(d.coordinateTransformations, axes.length) ?? axes.map(() => 1);
    return s.map((v, i) => (perUm[i] === null ? null : v * global[i] * (perUm[i] as number)));
  });
  return {
    version,
    name: typeof m.name === 'string' ? m.name : undefined,
    axes,
    paths: datasets.map((d) => String(d.path)),
    scales,
  };
}

function scaleOf(transforms: unknown, n: number): number[] | undefined {
  if (!Array.isArray(transforms)) return undefined;
  const scale = (transforms as Json[]).find((t) => t.type === 'scale')?.scale;
  if (!Array.isArray(scale)) return undefined;
  if (scale.length !== n || !scale.every((v) => typeof v === 'number' && v > 0))
    throw new Error(`scale ${JSON.stringify(scale)} does not match ${n} axes`);
  return scale as number[];
}

async function readJson(file: string): Promise<Json | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  return JSON.parse(text) as Json;
}

/** Compression of one array, e.g. "zstd" (v3 bytes-to-bytes codecs, or the v2 compressor id); "none" when there is none. */
export async function arrayCompression(arrayDir: string): Promise<string> {
  const v3 = await readJson(join(arrayDir, 'zarr.json')).catch(() => undefined);
  if (v3) {
    const compressors = (codecs: Json[] | undefined): string => {
      const names = (codecs ?? [])
        .map((c) => String(c.name))
        .filter((n) => n !== 'bytes' && n !== 'transpose');
      return names.length > 0 ? names.join('+') : 'none';
    };
    // A sharded array compresses its inner chunks: name their codecs, and the sharding.
    const sharding = ((v3.codecs as Json[] | undefined) ?? []).find((c) => c.name === 'sharding_indexed');
    if (sharding)
      return `${compressors((sharding.configuration as Json | undefined)?.codecs as Json[])} (sharded)`;
    return compressors(v3.codecs as Json[] | undefined);
  }
  const v2 = await readJson(join(arrayDir, '.zarray')).catch(() => undefined);
  const id = (v2?.compressor as Json | null | undefined)?.id;
  return typeof id === 'string' ? id : 'none';
}
