/**
 * OME-NGFF 0.5 metadata of the stores we write, and the geometry of their pyramid.
 *
 * Arrays are 3D, axes (z, y, x) — NGFF orders spatial axes z, y, x and puts them last —
 * each of type "space" in "micrometer". Level k is level 0 averaged over 2×2×2 blocks k
 * times: shape ceil(n / 2^k) (at least 1), scale = voxel size · 2^k, and a translation of
 * (2^k − 1)/2 voxels of level 0, because a block mean sits at the centre of its block.
 */

export interface Dims {
  x: number;
  y: number;
  z: number;
}

export type OmeZarrDType = 'uint16' | 'uint8' | 'float32';

export interface OmeZarrSpec {
  shape: Dims;
  /** Chunk shape of level 0; every level uses it, clipped to the level's shape. */
  chunk: Dims;
  dtype: OmeZarrDType;
  /** µm per voxel of level 0. */
  voxelSize: Dims;
  /** Pyramid levels including level 0. Default: halve until the largest side is ≤ 256 (fits a 3D texture). */
  levels?: number;
  /** Name of the multiscales entry (NGFF `name`); omitted when undefined. */
  name?: string;
}

export interface LevelGeometry {
  shape: Dims;
  chunk: Dims;
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
    return {
      shape,
      chunk: {
        x: Math.min(spec.chunk.x, shape.x),
        y: Math.min(spec.chunk.y, shape.y),
        z: Math.min(spec.chunk.z, shape.z),
      },
    };
  });
}

/** The spec with its defaults filled in: what is stored and compared on resume. */
export function normaliseSpec(spec: OmeZarrSpec): Required<Omit<OmeZarrSpec, 'name'>> & { name?: string } {
  const out: Required<Omit<OmeZarrSpec, 'name'>> & { name?: string } = {
    shape: { ...spec.shape },
    chunk: { ...spec.chunk },
    dtype: spec.dtype,
    voxelSize: { ...spec.voxelSize },
    levels: spec.levels ?? defaultLevels(spec.shape),
  };
  if (spec.name !== undefined) out.name = spec.name;
  return out;
}

/** Why `spec` cannot be written, or undefined when it can. */
export function specProblem(spec: OmeZarrSpec): string | undefined {
  for (const a of AXES) {
    if (!(Number.isInteger(spec.shape[a]) && spec.shape[a] > 0))
      return `shape.${a} must be a positive integer, got ${spec.shape[a]}`;
    if (!(Number.isInteger(spec.chunk[a]) && spec.chunk[a] > 0))
      return `chunk.${a} must be a positive integer, got ${spec.chunk[a]}`;
    if (!(Number.isFinite(spec.voxelSize[a]) && spec.voxelSize[a] > 0))
      return `voxelSize.${a} must be a positive number of µm, got ${spec.voxelSize[a]}`;
  }
  if (!['uint16', 'uint8', 'float32'].includes(spec.dtype))
    return `dtype must be uint16, uint8 or float32, got ${spec.dtype}`;
  if (spec.levels !== undefined && !(Number.isInteger(spec.levels) && spec.levels >= 1 && spec.levels <= 32))
    return `levels must be an integer in 1..32, got ${spec.levels}`;
  return undefined;
}

/** The root group's `attributes.ome` (NGFF 0.5). */
export function omeAttributes(spec: OmeZarrSpec): Record<string, unknown> {
  const levels = spec.levels ?? defaultLevels(spec.shape);
  const datasets = Array.from({ length: levels }, (_, k) => {
    const f = 2 ** k;
    const transforms: Record<string, unknown>[] = [
      { type: 'scale', scale: AXES.map((a) => spec.voxelSize[a] * f) },
    ];
    if (k > 0)
      transforms.push({
        type: 'translation',
        translation: AXES.map((a) => ((f - 1) / 2) * spec.voxelSize[a]),
      });
    return { path: String(k), coordinateTransformations: transforms };
  });
  const multiscale: Record<string, unknown> = {
    axes: AXES.map((name) => ({ name, type: 'space', unit: 'micrometer' })),
    datasets,
    type: 'mean',
    metadata: { description: '2x2x2 block mean, rounded for integer types', method: 'isotrope downsample' },
  };
  if (spec.name !== undefined) multiscale.name = spec.name;
  return { version: '0.5', multiscales: [multiscale] };
}
