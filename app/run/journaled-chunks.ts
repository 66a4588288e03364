/**
 * The journal says a unit is done only after its chunks are durable, but a run directory can
 * still lose chunks afterwards (a partial copy to another machine, a clean-up that deleted
 * files, a crash of a filesystem that lied about fsync). A missing chunk reads as zeros, so
 * nothing downstream would notice: finalize and export therefore check that every journaled
 * unit's chunks exist before they build on them, and refuse naming the units and a chunk.
 */
import { RunError } from './errors.js';
import type { RunManifest } from './manifest.js';
import type { OutputStore } from './output-store.js';
import { planesOf } from './run-planes.js';
import { unitOf, type Dims } from './unit-grid.js';

/** A journaled unit whose chunk is not in the store. */
export interface MissingChunk {
  unit: number;
  /** Chunk coordinates at level 0. */
  chunk: Dims;
}

/** Every journaled unit's level-0 chunks that the store does not hold (first missing chunk per unit). */
export async function missingJournaledChunks(
  store: OutputStore,
  manifest: RunManifest,
  done: Iterable<number>,
): Promise<MissingChunk[]> {
  const { chunk, shape } = manifest.output;
  const chunksAlongX = Math.ceil(shape.x / chunk.x);
  const missing: MissingChunk[] = [];
  const planes = planesOf(manifest);
  for (const unit of [...done].sort((a, b) => a - b)) {
    if (!(unit >= 0 && unit < manifest.grid.units)) continue;
    const { box, plane } = unitOf(manifest.grid, unit);
    const position = manifest.planes ? planes[plane].position : undefined;
    // A unit is one chunk along y and z (unit = chunk there) and every chunk along x.
    const y = box.y.start / chunk.y;
    const z = box.z.start / chunk.z;
    for (let x = 0; x < chunksAlongX; x++) {
      if (await store.hasChunk(0, { x, y, z }, position)) continue;
      missing.push({ unit, chunk: { x, y, z } });
      break;
    }
  }
  return missing;
}

/**
 * Throws RunError('incomplete') naming the journaled units whose chunks are gone.
 * @example await requireJournaledChunks(runDir, store, manifest, done.keys())
 */
export async function requireJournaledChunks(
  runDir: string,
  store: OutputStore,
  manifest: RunManifest,
  done: Iterable<number>,
): Promise<void> {
  const missing = await missingJournaledChunks(store, manifest, done);
  if (missing.length === 0) return;
  const units = missing.slice(0, 10).map((m) => m.unit);
  const more = missing.length > 10 ? `, … (${missing.length - 10} more)` : '';
  const { chunk } = missing[0];
  // A sharded store holds a unit's chunks in one shard file (all of x), named by its y and z.
  const where = manifest.output.shard
    ? `e.g. chunk x ${chunk.x} of shard 0/c/${chunk.z}/${chunk.y}/0`
    : `e.g. 0/c/${chunk.z}/${chunk.y}/${chunk.x}`;
  throw new RunError(
    'incomplete',
    `${missing.length} journaled unit(s) have chunks missing from ${manifest.output.store} (units ${units.join(', ')}${more}; ` +
      `${where}): the run directory lost files; restore them, or start the run again`,
    { file: runDir },
  );
}
