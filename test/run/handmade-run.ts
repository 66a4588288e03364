/**
 * A run directory made by hand, without input, model or compute: a manifest with a 2 × 2 unit
 * grid over a 20 × 12 × 8 uint16 output (units of 6 rows × 4 planes, chunks 10 × 6 × 4),
 * a real OME-Zarr store, and journal lines for the units asked for, whose chunks are written.
 * Enough for what reads only the manifest, the journal and the store (delete, export checks,
 * finalize's checks).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOmeZarr } from '../../app/volume/zarr/index.js';
import { unitOf } from '../../app/run/unit-grid.js';

export const HANDMADE_GRID = { shape: { x: 20, y: 12, z: 8 }, unit: { y: 6, z: 4 } };
const CHUNK = { x: 10, y: 6, z: 4 };

/** The manifest fields the checks read (the rest of RunManifest is not consulted by them). */
export function handmadeManifest(): object {
  return {
    format: 'isotrope-run',
    formatVersion: 1,
    software: { name: 'isotrope', version: '0.0.0' },
    output: {
      store: 'output.zarr',
      shape: HANDMADE_GRID.shape,
      chunk: CHUNK,
      dtype: 'uint16',
      voxelSize: { x: 1, y: 1, z: 1 },
    },
    grid: { ...HANDMADE_GRID, units: 4 },
  };
}

/** Writes the run into `runDir` with `done` units journaled (and their chunks written). */
export async function handmadeRun(runDir: string, done: number[]): Promise<void> {
  mkdirSync(join(runDir, 'mips'), { recursive: true });
  mkdirSync(join(runDir, 'preview'), { recursive: true });
  writeFileSync(join(runDir, 'manifest.json'), JSON.stringify(handmadeManifest()));
  const store = await createOmeZarr(join(runDir, 'output.zarr'), {
    shape: HANDMADE_GRID.shape,
    chunk: CHUNK,
    dtype: 'uint16',
    voxelSize: { x: 1, y: 1, z: 1 },
    levels: 1,
  });
  const lines: string[] = [];
  for (const id of done) {
    const { box } = unitOf(HANDMADE_GRID, id);
    const samples = (box.x.end - box.x.start) * (box.y.end - box.y.start) * (box.z.end - box.z.start);
    await store.writeBox(0, box, new Uint16Array(samples).fill(100 + id));
    lines.push(JSON.stringify({ unit: id, box, at: new Date().toISOString(), seconds: 0.1 }));
  }
  writeFileSync(join(runDir, 'journal.ndjson'), lines.map((line) => `${line}\n`).join(''));
}
