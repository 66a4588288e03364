/**
 * `isotrope compare RUN_DIR [--out DIR]`: for the MIPs along z, y and x, SR and bicubic side
 * by side under one contrast and their difference (app/image/comparison.ts, the renderer the
 * UI's "Export PNG" draws with too, with µm scale bars), plus each MIP alone. Assembled from the
 * per-unit partials, so it also works on a run still in progress (regions not yet computed are
 * black). A run of several channels or time points writes them per plane, suffixed as its
 * MIPs are (compare-y.c1.png), and for each time point a composite of the channels in their
 * colours (composite-sr-y.png).
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { compareImages, projectionPng } from '../image/node.js';
import { mipPixels } from '../image/index.js';
import { writeDurable } from '../volume/index.js';
import { readJournals } from './journal.js';
import { readManifest } from './manifest.js';
import { AXES, assembleMips } from './mips.js';
import { planesOf } from './run-planes.js';

export interface CompareResult {
  files: string[];
  unitsDone: number;
  unitsTotal: number;
}

export async function compareRun(runDir: string, options: { out?: string } = {}): Promise<CompareResult> {
  const manifest = await readManifest(runDir);
  const done = await readJournals(runDir);
  const out = resolve(options.out ?? join(runDir, 'compare'));
  await mkdir(out, { recursive: true });
  const files: string[] = [];
  const write = async (name: string, png: Buffer): Promise<void> => {
    const file = join(out, name);
    await writeDurable(file, png);
    files.push(file);
  };
  for (const plane of planesOf(manifest)) {
    const mips = await assembleMips(runDir, manifest.grid, done.keys(), plane.index);
    await writePlane(mips, plane.suffix);
  }
  return { files, unitsDone: done.size, unitsTotal: manifest.grid.units };

  async function writePlane(mips: Awaited<ReturnType<typeof assembleMips>>, suffix: string): Promise<void> {
    for (const axis of AXES) {
      const sr = mips.sr[axis];
      const bicubic = mips.bicubic[axis];
      const pixels = mipPixels(manifest.output.voxelSize, axis);
      const figure = compareImages(sr.data, bicubic.data, sr.width, sr.height, {
        pixelUm: pixels.columnUm,
        rowScale: pixels.rowAspect,
      });
      await write(`compare-${axis}${suffix}.png`, figure.sideBySide);
      await write(`difference-${axis}${suffix}.png`, figure.difference);
    }
    for (const name of ['sr', 'bicubic'] as const) {
      for (const axis of AXES) {
        const projection = mips[name][axis];
        await write(
          `mip-${name}-${axis}${suffix}.png`,
          projectionPng(projection.data, projection.width, projection.height),
        );
      }
    }
  }
}
