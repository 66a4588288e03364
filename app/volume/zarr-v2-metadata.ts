/**
 * The metadata of a Zarr v2 store with NGFF 0.4 multiscales, made from an OME-Zarr store's own:
 * the root `.zgroup` and `.zattrs`, and each level's `.zarray`. NGFF 0.4 and 0.5 describe an
 * image with the same `multiscales` entry (axes with types and units, one scale — and an optional
 * translation — per dataset) and the same `omero`; 0.4 keeps them at the top of `.zattrs` with
 * a `version` inside each multiscales entry, where 0.5 nests them under `attributes.ome`.
 */
import type { DType } from './types.js';

type Json = Record<string, unknown>;

/** Zarr v2's `dtype` of each sample type: little-endian, as every platform we run on stores it. */
const V2_DTYPE: Record<DType, string> = {
  uint8: '|u1',
  int8: '|i1',
  uint16: '<u2',
  int16: '<i2',
  uint32: '<u4',
  int32: '<i4',
  float32: '<f4',
  float64: '<f8',
};

/**
 * The chunk compressor: Blosc with zstd and byte shuffle, the codec every Zarr v2 reader has
 * (zarr-python, MoBIE / n5-zarr, ilastik). `shuffle` is numeric: numcodecs' string form
 * silently writes no shuffle (FACTS).
 */
export const V2_COMPRESSOR = { id: 'blosc', cname: 'zstd', clevel: 5, shuffle: 1, blocksize: 0 } as const;

export const ZGROUP = { zarr_format: 2 } as const;

/** One level array's `.zarray`: C order, `/` between chunk indices, missing chunks read as 0. */
export function zarrayOf(shape: number[], chunks: number[], dtype: DType): Json {
  return {
    zarr_format: 2,
    shape,
    chunks,
    dtype: V2_DTYPE[dtype],
    compressor: { ...V2_COMPRESSOR },
    fill_value: 0,
    order: 'C',
    filters: null,
    dimension_separator: '/',
  };
}

const AXIS_TYPES: Record<string, string> = { t: 'time', c: 'channel', x: 'space', y: 'space', z: 'space' };

/** Axes as NGFF 0.4 requires them (objects with a type); older stores name them as bare strings. */
function axesOf(axes: unknown): Json[] {
  if (!Array.isArray(axes)) throw new Error('multiscales has no axes');
  return axes.map((axis: unknown) => {
    if (typeof axis !== 'string') return axis as Json;
    const type = AXIS_TYPES[axis];
    return type ? { name: axis, type } : { name: axis };
  });
}

/**
 * The root `.zattrs` for NGFF 0.4: the source's first multiscales entry (its datasets, axes,
 * transforms, type and metadata as they are) with `version` "0.4", its omero if any, and
 * `extra` attributes (e.g. the partial-export mark).
 */
export function zattrsOf(ome: Json, extra: Json = {}): Json {
  const list = ome.multiscales;
  if (!Array.isArray(list) || list.length === 0) throw new Error('the store has no multiscales');
  const source = list[0] as Json;
  // version first, where NGFF 0.4's examples put it.
  const multiscale: Json = { version: '0.4', ...source, axes: axesOf(source.axes) };
  multiscale.version = '0.4';
  const attrs: Json = { multiscales: [multiscale] };
  if (ome.omero !== undefined) attrs.omero = ome.omero;
  return { ...attrs, ...extra };
}
