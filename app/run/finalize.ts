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
import { sharedRange } from '../image/index.js';
import { bytesOf, writeDurable } from '../volume/index.js';
import { RunError } from './errors.js';
import { readJournals } from './journal.js';
import { readManifest, type RunManifest } from './manifest.js';
import { AXES, assembleDisagreementMips, assembleMips, type Projection, type Projections } from './mips.js';
import { openDisagreementStore } from './disagreement.js';
import { omeZarrFactory, type OutputStore, type StoreFactory } from './output-store.js';
import { assemblePreview } from './preview.js';
import { FINALIZED } from './status.js';
import { planesOf, type RunPlane } from './run-planes.js';
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
  const factory = options.storeFactory ?? omeZarrFactory;
  const store = await factory.open(join(runDir, manifest.output.store));
  const disagreement = await openDisagreementStore(factory, runDir, manifest).catch(async (e: unknown) => {
    await store.close();
    throw e;
  });
  try {
    await requireJournaledChunks(runDir, store, manifest, done);
    if (disagreement) await requireJournaledChunks(runDir, disagreement, manifest, done);
    return await assemble(runDir, manifest, done, { sr: store, disagreement });
  } finally {
    await disagreement?.close();
    await store.close();
  }
}

/** The run's SR store and, with confidence, its disagreement store. */
interface RunStores {
  sr: OutputStore;
  disagreement: OutputStore | null;
}

/** Everything finalize writes, from a run whose every unit is journaled and on disk. */
async function assemble(
  runDir: string,
  manifest: RunManifest,
  done: Set<number>,
  stores: RunStores,
): Promise<FinalizeResult> {
  const store = stores.sr;
  const files: string[] = [];
  const windows: { start: number; end: number; min: number; max: number }[] = [];
  for (const plane of planesOf(manifest)) {
    const window = await assemblePlane(runDir, manifest, done, store, plane, files);
    if (stores.disagreement)
      await assembleDisagreement(runDir, manifest, done, stores.disagreement, plane, files);
    if (plane.position.t === 0) windows.push(window);
  }
  if (manifest.output.channels && store.setChannelWindows) await store.setChannelWindows(windows);
  const pyramidLevels = store.levels.length;
  await writeDurable(
    join(runDir, FINALIZED),
    `${JSON.stringify({ at: new Date().toISOString(), pyramidLevels }, null, 2)}\n`,
  );
  return { files, pyramidLevels };
}

/**
 * One plane's MIPs, preview and pyramid; returns the plane's display window (the 0.1/99.9
 * percentiles of its SR MIP along z, the contrast the UI and viewers open it with).
 */
async function assemblePlane(
  runDir: string,
  manifest: RunManifest,
  done: Set<number>,
  store: OutputStore,
  plane: RunPlane,
  files: string[],
): Promise<{ start: number; end: number; min: number; max: number }> {
  const { sr, bicubic } = await assembleMips(runDir, manifest.grid, done, plane.index);
  await writeMipFiles(runDir, manifest, plane, 'sr', sr, files);
  await writeMipFiles(runDir, manifest, plane, 'bicubic', bicubic, files);
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
    join(runDir, `mips/mips${plane.suffix}.json`),
    `${JSON.stringify({ dtype: 'float32', layout: 'row-major', voxelSize: manifest.output.voxelSize, projections: mipsJson }, null, 2)}\n`,
  );
  files.push(`mips/mips${plane.suffix}.json`);
  await writePreviewFiles(runDir, manifest, done, plane, files);
  await store.downsample(0, undefined, plane.suffix ? { plane: plane.position } : undefined);
  return channelWindow(sr.z.data, bicubic.z.data);
}

/** mips/mip-<name>-{z,y,x}<suffix>.{f32,png} of one plane. */
async function writeMipFiles(
  runDir: string,
  manifest: RunManifest,
  plane: RunPlane,
  name: 'sr' | 'bicubic' | 'disagreement',
  p: Projections,
  files: string[],
): Promise<void> {
  // The output grid is isotropic, so MIPs along x and y (z on rows) need no row stretch.
  const rowScale = manifest.output.voxelSize.z / manifest.output.voxelSize.x;
  for (const axis of AXES) {
    const proj: Projection = p[axis];
    const base = `mips/mip-${name}-${axis}${plane.suffix}`;
    await writeDurable(join(runDir, `${base}.f32`), bytesOf(proj.data));
    await writeDurable(
      join(runDir, `${base}.png`),
      projectionPng(proj.data, proj.width, proj.height, { rowScale: axis === 'z' ? 1 : rowScale }),
    );
    files.push(`${base}.f32`, `${base}.png`);
  }
}

/** One plane's disagreement: MIPs (mip-disagreement-*) and pyramid. */
async function assembleDisagreement(
  runDir: string,
  manifest: RunManifest,
  done: Set<number>,
  store: OutputStore,
  plane: RunPlane,
  files: string[],
): Promise<void> {
  const mips = await assembleDisagreementMips(runDir, manifest.grid, done, plane.index);
  await writeMipFiles(runDir, manifest, plane, 'disagreement', mips, files);
  await store.downsample(0, undefined, plane.suffix ? { plane: plane.position } : undefined);
}

/** preview/preview<suffix>.{f32,json}: the SR's block means. */
async function writePreviewFiles(
  runDir: string,
  manifest: RunManifest,
  done: Set<number>,
  plane: RunPlane,
  files: string[],
): Promise<void> {
  const name = 'preview';
  const preview = await assemblePreview(runDir, manifest.grid, done, 'sr', plane.index);
  await writeDurable(join(runDir, `preview/${name}${plane.suffix}.f32`), bytesOf(preview.data));
  const f = preview.geometry.factor;
  const v = manifest.output.voxelSize;
  await writeDurable(
    join(runDir, `preview/${name}${plane.suffix}.json`),
    `${JSON.stringify(
      {
        dtype: 'float32',
        order: 'x-fastest',
        dims: preview.geometry.dims,
        factor: f,
        voxelSize: { x: v.x * f, y: v.y * f, z: v.z * f },
        of: manifest.output.store,
        ...(plane.suffix ? { c: plane.c, t: plane.t } : {}),
      },
      null,
      2,
    )}\n`,
  );
  files.push(`preview/${name}${plane.suffix}.f32`, `preview/${name}${plane.suffix}.json`);
}

/** The omero window of a plane: the shared SR/bicubic contrast (image/contrast.ts), within the finite extremes. */
function channelWindow(
  sr: Float32Array,
  bicubic: Float32Array,
): { start: number; end: number; min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of sr) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = sharedRange(sr, bicubic) ?? { lo: 0, hi: 1 };
  return {
    start: range.lo,
    end: range.hi,
    min: Number.isFinite(min) ? min : 0,
    max: Number.isFinite(max) ? max : 1,
  };
}
