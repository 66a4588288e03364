/**
 * `isotrope compare RUN_DIR [--out DIR]`: for the MIPs along z, y and x, SR and bicubic side
 * by side under one contrast and their difference (app/volume/compare, with µm scale bars),
 * plus each MIP alone. Assembled from the per-unit partials, so it also works on a run still
 * in progress (regions not yet computed are black).
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { projectionPng } from '../volume/mip-png.js';
import { compareImages } from '../volume/compare/index.js';
import { writeDurable } from '../volume/durable-file.js';
import { readJournals } from './journal.js';
import { readManifest } from './manifest.js';
import { AXES, assembleMips } from './mips.js';

export interface CompareResult { files: string[]; unitsDone: number; unitsTotal: number }

export async function compareRun(runDir: string, options: { out?: string } = {}): Promise<CompareResult> {
  const m = await readManifest(runDir);
  const done = await readJournals(runDir);
  const out = resolve(options.out ?? join(runDir, 'compare'));
  await mkdir(out, { recursive: true });
  const mips = await assembleMips(runDir, m.grid, done.keys());
  const files: string[] = [];
  const write = async (name: string, png: Buffer): Promise<void> => { const f = join(out, name); await writeDurable(f, png); files.push(f); };
  for (const axis of AXES) {
    const sr = mips.sr[axis]; const bicubic = mips.bicubic[axis];
    // Unfinished regions are NaN in both: show them as 0 so contrast and difference ignore them.
    const clean = (a: Float32Array): Float32Array => a.map((v) => (Number.isNaN(v) ? 0 : v));
    const pixelUm = axis === 'x' ? m.output.voxelSize.y : m.output.voxelSize.x;
    const c = compareImages(clean(sr.data), clean(bicubic.data), sr.width, sr.height, { pixelUm, rowScale: axis === 'z' ? 1 : m.output.voxelSize.z / m.output.voxelSize.x });
    await write(`compare-${axis}.png`, c.sideBySide);
    await write(`difference-${axis}.png`, c.difference);
  }
  for (const name of ['sr', 'bicubic'] as const) {
    for (const axis of AXES) {
      const p = mips[name][axis];
      await write(`mip-${name}-${axis}.png`, projectionPng(p.data, p.width, p.height));
    }
  }
  return { files, unitsDone: done.size, unitsTotal: m.grid.units };
}
