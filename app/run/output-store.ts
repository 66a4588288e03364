/**
 * The output store a run writes to, as the run sees it: the subset of app/volume/zarr's
 * OmeZarrStore it uses. The engine takes a factory so tests can use an in-memory fake, and the
 * CLI uses the OME-Zarr writer. A unit's chunks are disjoint from every other unit's (chunk y/z
 * = unit y/z), so shards on different machines can fill one store.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Box, TypedArray } from '../volume/index.js';
import type { Dims } from './unit-grid.js';
import type { RunManifest } from './manifest.js';
import { SHARDED_ABOVE_CHUNKS, type StoreLayout } from './run-options.js';
import { createOmeZarr, openOmeZarr } from '../volume/index.js';

export type OutputDType = 'uint16' | 'uint8' | 'float32';

export interface StoreSpec {
  shape: Dims;
  chunk: Dims;
  /** Shard shape (a multiple of chunk) of a sharded store; absent: a file per chunk. */
  shard?: Dims;
  dtype: OutputDType;
  /** µm per voxel. */
  voxelSize: Dims;
  /** Pyramid levels including level 0 (default: the store's choice). */
  levels?: number;
  /** The store's c / t axis sizes where it has those axes (absent: 3D). */
  planes?: { c?: number; t?: number };
  /** Per channel, for the store's omero metadata. */
  channels?: { name: string; color: string }[];
}

/** A plane's position along the store's c and t axes (default 0). */
export interface PlanePosition {
  c?: number;
  t?: number;
}

export interface OutputStore {
  readonly levels: ReadonlyArray<{ shape: Dims; chunk: Dims }>;
  /** Durable (temp + fsync + rename) and idempotent; the box is chunk-aligned (clipped at the edge). */
  writeBox(level: number, box: Box, data: TypedArray, plane?: PlanePosition): Promise<void>;
  /** `plane`: the box's plane position (default c 0, t 0). */
  readBox(level: number, box: Box, plane?: PlanePosition): Promise<TypedArray>;
  /** True when the chunk at `index` (chunk coordinates) has been written: a chunk never written reads as 0. */
  hasChunk(level: number, index: Dims, plane?: PlanePosition): Promise<boolean>;
  /** Fills level fromLevel + 1 (and up, unless cascade is false) from fromLevel, within box (default everything) of one plane. */
  downsample(
    fromLevel: number,
    box?: Box,
    options?: { cascade?: boolean; plane?: PlanePosition },
  ): Promise<void>;
  /** Records each channel's display window in the store's omero metadata (stores with channels). */
  setChannelWindows?(windows: { start: number; end: number; min: number; max: number }[]): Promise<void>;
  close(): Promise<void>;
}

export interface StoreFactory {
  /** Creates the store, or reopens it when one of the same spec exists (resume, other shards). */
  create(path: string, spec: StoreSpec): Promise<OutputStore>;
  open(path: string): Promise<OutputStore>;
}

/** The spec of a run's store, as its manifest records it (every process opens the same store). */
export function storeSpecOf(manifest: RunManifest): StoreSpec {
  const { output } = manifest;
  return {
    shape: output.shape,
    chunk: output.chunk,
    ...(output.shard ? { shard: output.shard } : {}),
    dtype: output.dtype,
    voxelSize: output.voxelSize,
    ...(output.planes ? { planes: output.planes } : {}),
    ...(output.channels ? { channels: output.channels } : {}),
  };
}

/**
 * The shard shape a run of this layout uses: one shard per unit (all of x, rounded up to whole
 * chunks, and the unit's y rows and z planes); undefined for a file per chunk.
 */
export function unitShard(layout: StoreLayout, shape: Dims, chunk: Dims): Dims | undefined {
  if (layout === 'chunks') return undefined;
  return { x: Math.ceil(shape.x / chunk.x) * chunk.x, y: chunk.y, z: chunk.z };
}

/** Level-0 chunk files of a store of `planes` planes of `shape` in chunks of `chunk`. */
export function chunkFiles(shape: Dims, chunk: Dims, planes = 1): number {
  return Math.ceil(shape.x / chunk.x) * Math.ceil(shape.y / chunk.y) * Math.ceil(shape.z / chunk.z) * planes;
}

/** The layout a run gets without --store-layout: sharded above SHARDED_ABOVE_CHUNKS level-0 chunk files. */
export function defaultStoreLayout(shape: Dims, chunk: Dims, planes = 1): StoreLayout {
  return chunkFiles(shape, chunk, planes) > SHARDED_ABOVE_CHUNKS ? 'sharded' : 'chunks';
}

/** The OME-Zarr writer of app/volume/zarr (NGFF 0.5, zstd, atomic chunk writes). */
export const omeZarrFactory: StoreFactory = {
  create: (path, spec) => createOmeZarr(path, spec),
  open: (path) => openOmeZarr(path),
};

/** The store a run directory's result lives in: RUN_DIR/output.zarr, else RUN_DIR itself (a store given directly). */
export function runOutputPath(runDir: string): string {
  const store = join(runDir, 'output.zarr');
  return existsSync(store) ? store : runDir;
}
