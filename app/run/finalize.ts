/**
 * `isotrope finalize RUN_DIR`: once every unit is journaled (by any number of shards), build
 * the multiscale pyramid and assemble the MIPs (SR and bicubic, along z, y, x: raw float32 and
 * PNG) and the preview volume. Refuses, naming what is missing, while units remain or while a
 * journaled unit's chunks are missing from the store. Safe to repeat: every output is
 * rewritten whole from the partials. `finalized.json` is written durably, last: its presence
 * means everything before it is on disk.
 */
import { join } from 'node:path';
import { projectionPng } from '../image/node.js';
import { bytesOf, writeDurable } from '../volume/index.js';
import { RunError } from './errors.js';
import { readJournals } from './journal.js';
import { readManifest, type RunManifest } from './manifest.js';
import { AXES, assembleMips, type Projection } from './mips.js';
import { omeZarrFactory, type OutputStore, type StoreFactory } from './output-store.js';
import { assemblePreview } from './preview.js';
import { FINALIZED } from './status.js';
import { requireJournaledChunks } from './journaled-chunks.js';

export interface FinalizeResult {
  /** Files written, relative to RUN_DIR. */
  files: string[];
  pyramidLevels: number;
}

/** Ids in [0, total) not in `done`, and a short "3, 7, 12, … (40 more)" description. */
export function missingUnits(total: number, done: Set<number>): { ids: number[]; text: string } {
  const ids: number[] = [];
  for (let i = 0; i < total; i++) if (!done.has(i)) ids.push(i);
  const shown = ids.slice(0, 10).join(', ');
  return { ids, text: ids.length > 10 ? `${shown}, … (${ids.length - 10} more)` : shown };
}

export async function finalizeRun(
  runDir: string,
  options: { storeFactory?: StoreFactory } = {},
): Promise<FinalizeResult> {
  const manifest = await readManifest(runDir);
  const done = new Set((await readJournals(runDir)).keys());
  const missing = missingUnits(manifest.grid.units, done);
  if (missing.ids.length > 0) {
    throw new RunError(
      'incomplete',
      `${missing.ids.length} of ${manifest.grid.units} units are not done yet (units ${missing.text}): run or resume the shards that own them`,
      { file: runDir },
    );
  }
  const store = await (options.storeFactory ?? omeZarrFactory).open(join(runDir, manifest.output.store));
  try {
    await requireJournaledChunks(runDir, store, manifest, done);
    return await assemble(runDir, manifest, done, store);
  } finally {
    await store.close();
  }
}

/** Everything finalize writes, from a run whose every unit is journaled and on disk. */
async function assemble(
  runDir: string,
  manifest: RunManifest,
  done: Set<number>,
  store: OutputStore,
): Promise<FinalizeResult> {
  const files: string[] = [];
  const { sr, bicubic } = await assembleMips(runDir, manifest.grid, done);
  // The output grid is isotropic, so MIPs along x and y (z on rows) need no row stretch.
  const rowScale = manifest.output.voxelSize.z / manifest.output.voxelSize.x;
  for (const [name, p] of [
    ['sr', sr],
    ['bicubic', bicubic],
  ] as const) {
    for (const axis of AXES) {
      const proj: Projection = p[axis];
      const base = `mips/mip-${name}-${axis}`;
      await writeDurable(join(runDir, `${base}.f32`), bytesOf(proj.data));
      await writeDurable(
        join(runDir, `${base}.png`),
        projectionPng(proj.data, proj.width, proj.height, { rowScale: axis === 'z' ? 1 : rowScale }),
      );
      files.push(`${base}.f32`, `${base}.png`);
    }
  }
  const mipsJson = Object.fromEntries(
    AXES.map((a) => [
      a,
      {
        width: sr[a].width,
        height: sr[a].height,
        rows: a === 'z' ? 'y' : 'z',
        columns: a === 'x' ? 'y' : 'x',
      },
    ]),
  );
  await writeDurable(
    join(runDir, 'mips/mips.json'),
    `${JSON.stringify({ dtype: 'float32', layout: 'row-major', voxelSize: manifest.output.voxelSize, projections: mipsJson }, null, 2)}\n`,
  );
  files.push('mips/mips.json');
  const preview = await assemblePreview(runDir, manifest.grid, done);
  await writeDurable(join(runDir, 'preview/preview.f32'), bytesOf(preview.data));
  const f = preview.geometry.factor;
  const v = manifest.output.voxelSize;
  await writeDurable(
    join(runDir, 'preview/preview.json'),
    `${JSON.stringify(
      {
        dtype: 'float32',
        order: 'x-fastest',
        dims: preview.geometry.dims,
        factor: f,
        voxelSize: { x: v.x * f, y: v.y * f, z: v.z * f },
        of: manifest.output.store,
      },
      null,
      2,
    )}\n`,
  );
  files.push('preview/preview.f32', 'preview/preview.json');
  await store.downsample(0);
  const pyramidLevels = store.levels.length;
  await writeDurable(
    join(runDir, FINALIZED),
    `${JSON.stringify({ at: new Date().toISOString(), pyramidLevels }, null, 2)}\n`,
  );
  return { files, pyramidLevels };
}
