/**
 * An in-memory stand-in for the OME-Zarr store (app/run/output-store.ts's interface), keyed by
 * path so a "reopened" store (resume, another shard) sees earlier writes. It records writes,
 * checks that boxes are chunk-aligned, and can fail the n-th write with ENOSPC to test the
 * disk-full path. One level; downsample is a recorded no-op. Planes (the c / t axes of a
 * multi-channel run) are stored one after another, t-major, in `data`.
 */
import type { Box, TypedArray } from '../../app/volume/types.js';
import type { OutputStore, PlanePosition, StoreFactory, StoreSpec } from '../../app/run/output-store.js';

export interface MemoryStore extends OutputStore {
  spec: StoreSpec;
  data: Float32Array;
  writes: Box[];
  /** The plane of each write, parallel to writes. */
  writePlanes: Required<PlanePosition>[];
  downsampled: number;
}

export function memoryStores(): StoreFactory & {
  stores: Map<string, MemoryStore>;
  failWriteAt?: number;
  writeCount: number;
} {
  const stores = new Map<string, MemoryStore>();
  const factory = {
    stores,
    failWriteAt: undefined as number | undefined,
    writeCount: 0,
    async create(path: string, spec: StoreSpec): Promise<OutputStore> {
      const existing = stores.get(path);
      if (existing) {
        if (JSON.stringify(existing.spec) !== JSON.stringify(spec))
          throw new Error(`${path}: exists with another spec`);
        return existing;
      }
      const { x, y, z } = spec.shape;
      const channels = spec.planes?.c ?? 1;
      const planeCount = channels * (spec.planes?.t ?? 1);
      const at = (plane: PlanePosition | undefined): number =>
        ((plane?.t ?? 0) * channels + (plane?.c ?? 0)) * x * y * z;
      const store: MemoryStore = {
        spec,
        data: new Float32Array(x * y * z * planeCount),
        writes: [],
        writePlanes: [],
        downsampled: 0,
        levels: [{ shape: spec.shape, chunk: spec.chunk }],
        async writeBox(level: number, box: Box, values: TypedArray, plane?: PlanePosition) {
          if (factory.failWriteAt !== undefined && factory.writeCount++ === factory.failWriteAt) {
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          }
          for (const a of ['x', 'y', 'z'] as const) {
            if (box[a].start % spec.chunk[a] !== 0) throw new Error(`box not chunk-aligned along ${a}`);
            if (box[a].end % spec.chunk[a] !== 0 && box[a].end !== spec.shape[a])
              throw new Error(`box end not chunk-aligned along ${a}`);
          }
          const nx = box.x.end - box.x.start;
          const ny = box.y.end - box.y.start;
          if (values.length !== nx * ny * (box.z.end - box.z.start))
            throw new Error('data size does not match the box');
          let i = 0;
          for (let k = box.z.start; k < box.z.end; k++)
            for (let j = box.y.start; j < box.y.end; j++)
              for (let h = box.x.start; h < box.x.end; h++) {
                store.data[at(plane) + (k * y + j) * x + h] = values[i++];
              }
          store.writes.push(box);
          store.writePlanes.push({ c: plane?.c ?? 0, t: plane?.t ?? 0 });
        },
        async readBox(_level: number, box: Box, plane?: PlanePosition) {
          const out = new Float32Array(
            (box.x.end - box.x.start) * (box.y.end - box.y.start) * (box.z.end - box.z.start),
          );
          let i = 0;
          for (let k = box.z.start; k < box.z.end; k++)
            for (let j = box.y.start; j < box.y.end; j++)
              for (let h = box.x.start; h < box.x.end; h++)
                out[i++] = store.data[at(plane) + (k * y + j) * x + h];
          return out;
        },
        async hasChunk(_level: number, index: { x: number; y: number; z: number }, plane?: PlanePosition) {
          return store.writes.some(
            (box, w) =>
              store.writePlanes[w].c === (plane?.c ?? 0) &&
              store.writePlanes[w].t === (plane?.t ?? 0) &&
              (['x', 'y', 'z'] as const).every(
                (a) => box[a].start <= index[a] * spec.chunk[a] && index[a] * spec.chunk[a] < box[a].end,
              ),
          );
        },
        async downsample() {
          store.downsampled++;
        },
        async close() {
          /* stays in the map for reopening */
        },
      };
      stores.set(path, store);
      return store;
    },
    async open(path: string): Promise<OutputStore> {
      const s = stores.get(path);
      if (!s) throw new Error(`${path}: no store`);
      return s;
    },
  };
  return factory;
}
