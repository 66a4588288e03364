/**
 * `npm run bench store`: output.zarr as a file per chunk against one Zarr v3 shard per unit
 * (issue 17). A generated uint16 volume (ISOTROPE_BENCH_STORE_SIZE, XxYxZ or bytes; default
 * 1024x1024x128 = 256 MiB) is written straight through the store unit by unit (all x, 64 rows,
 * 64 planes, as a run writes it; no network), then its pyramid; reported per layout: files and
 * bytes of output.zarr, write throughput, and the time to open the store and read one
 * full-resolution xz plane. File counts of the 8 GB stack (2048x2048x954) follow exactly from
 * its geometry and are printed without writing it.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSize } from '../../app/sample/generate.js';
import {
  createOmeZarr,
  levelGeometry,
  openOmeZarrVolume,
  type OmeZarrSpec,
} from '../../app/volume/zarr/index.js';
import { unitShard } from '../../app/run/output-store.js';
import type { StoreLayout } from '../../app/run/run-options.js';

const UNIT = 64;
type Dims = { x: number; y: number; z: number };

function specOf(shape: Dims, layout: StoreLayout): OmeZarrSpec {
  const chunk = { x: Math.min(64, shape.x), y: UNIT, z: UNIT };
  const shard = unitShard(layout, shape, chunk);
  return {
    shape,
    chunk,
    ...(shard ? { shard } : {}),
    dtype: 'uint16',
    voxelSize: { x: 0.4, y: 0.4, z: 0.4 },
  };
}

/** Files of a store of this spec when every chunk is written: one per chunk or shard, plus the metadata. */
export function storeFiles(spec: OmeZarrSpec): { level0: number; total: number } {
  const per = levelGeometry(spec).map(({ shape, chunk, shard }) => {
    const block = shard ?? chunk;
    return Math.ceil(shape.x / block.x) * Math.ceil(shape.y / block.y) * Math.ceil(shape.z / block.z);
  });
  // zarr.json of the root and of each level.
  return { level0: per[0], total: per.reduce((a, b) => a + b, 0) + per.length + 1 };
}

/** A unit's slab: a smooth ramp with a few noisy low bits, so zstd has something real to do. */
function slab(shape: Dims, y0: number, y1: number, z0: number, z1: number): Uint16Array {
  const out = new Uint16Array(shape.x * (y1 - y0) * (z1 - z0));
  let seed = (y0 * 2654435761 + z0 * 40503) >>> 0;
  let i = 0;
  for (let z = z0; z < z1; z++)
    for (let y = y0; y < y1; y++)
      for (let x = 0; x < shape.x; x++) {
        seed = (seed * 1664525 + 1013904223) >>> 0;
        out[i++] = 1000 + ((x + 2 * y + 3 * z) & 0x3ff) + (seed >>> 28);
      }
  return out;
}

function walk(dir: string): { files: number; bytes: number } {
  let files = 0,
    bytes = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    files++;
    bytes += statSync(join(e.parentPath, e.name)).size;
  }
  return { files, bytes };
}

async function measure(shape: Dims, layout: StoreLayout, dir: string) {
  const path = join(dir, `${layout}.zarr`);
  const spec = specOf(shape, layout);
  const store = await createOmeZarr(path, spec);
  // Only the store's work is timed, not making the data.
  let writeMs = 0;
  for (let y = 0; y < shape.y; y += UNIT)
    for (let z = 0; z < shape.z; z += UNIT) {
      const y1 = Math.min(shape.y, y + UNIT),
        z1 = Math.min(shape.z, z + UNIT);
      const box = { x: { start: 0, end: shape.x }, y: { start: y, end: y1 }, z: { start: z, end: z1 } };
      const data = slab(shape, y, y1, z, z1);
      const started = performance.now();
      await store.writeBox(0, box, data);
      writeMs += performance.now() - started;
    }
  const writeSeconds = writeMs / 1000;
  let t = performance.now();
  await store.downsample(0);
  const pyramidSeconds = (performance.now() - t) / 1000;
  await store.close();
  t = performance.now();
  const volume = await openOmeZarrVolume(path);
  const openSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  await volume.readPlaneXZ(Math.floor(shape.y / 2));
  const xzSeconds = (performance.now() - t) / 1000;
  await volume.close();
  return {
    layout,
    ...walk(path),
    writeSeconds,
    pyramidSeconds,
    openSeconds,
    xzSeconds,
    expected: storeFiles(spec),
  };
}

export async function benchStore(): Promise<void> {
  const shape = parseSize(process.env.ISOTROPE_BENCH_STORE_SIZE ?? '1024x1024x128');
  const rawBytes = shape.x * shape.y * shape.z * 2;
  const dir = mkdtempSync(join(process.env.ISOTROPE_BENCH_DIR ?? tmpdir(), 'isotrope-bench-store-'));
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
  process.stdout.write(
    `\nstore layouts: ${shape.x}x${shape.y}x${shape.z} uint16 (${mib(rawBytes)}), units of ${UNIT}\n`,
  );
  try {
    for (const layout of ['chunks', 'sharded'] as const) {
      const r = await measure(shape, layout, dir);
      process.stdout.write(
        `  ${layout.padEnd(8)} ${String(r.files).padStart(7)} files (${r.expected.level0} at level 0), ${mib(r.bytes)}; ` +
          `write level 0 ${(rawBytes / 2 ** 20 / r.writeSeconds).toFixed(1)} MiB/s (${r.writeSeconds.toFixed(1)} s), ` +
          `pyramid ${r.pyramidSeconds.toFixed(1)} s; open ${(r.openSeconds * 1000).toFixed(0)} ms, ` +
          `one full xz plane ${(r.xzSeconds * 1000).toFixed(0)} ms\n`,
      );
      rmSync(join(dir, `${layout}.zarr`), { recursive: true, force: true });
    }
    const big = parseSize('8GB');
    for (const layout of ['chunks', 'sharded'] as const) {
      const files = storeFiles(specOf(big, layout));
      process.stdout.write(
        `  8 GB (${big.x}x${big.y}x${big.z}) ${layout}: ${files.level0} files at level 0, ${files.total} in all\n`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
