/**
 * A run whose units' MIP partials are written from seeded random slabs instead of computed:
 * what the MIP-tile and comparison tests need, in a fraction of a real run's time.
 */
import { join } from 'node:path';
import { createRun } from '../../app/run/create-run.js';
import { projectSlab, writeUnitMips } from '../../app/run/mips.js';
import type { RunManifest } from '../../app/run/manifest.js';
import { unitOf, type UnitGrid } from '../../app/run/unit-grid.js';
import { generateSample } from '../../app/sample/generate.js';
import { saveIdentityModel } from './identity-model.js';

/** Creates `dir/run` on a generated `width`×40×8 sample of 1 or 2 channels (tiny identity model, units of 8). */
export async function sampleRun(
  dir: string,
  width: number,
  channels: 1 | 2 = 1,
): Promise<{ runDir: string; grid: RunManifest['grid'] }> {
  const sample = await generateSample(join(dir, 'sample'), {
    size: { x: width, y: 40, z: 8 },
    groundTruth: false,
    channels,
  });
  await saveIdentityModel(join(dir, 'model'), 'tiny');
  const runDir = join(dir, 'run');
  const { grid } = await createRun({ input: sample.stack, model: join(dir, 'model'), runDir, unit: 8 });
  return { runDir, grid };
}

/** Writes unit `id`'s SR and bicubic MIP partials from slabs of `random() * 1000` (SR drawn first). */
export async function writeRandomMips(
  runDir: string,
  grid: UnitGrid,
  id: number,
  random: () => number,
): Promise<ReturnType<typeof unitOf>['box']> {
  const { box } = unitOf(grid, id);
  const dims = { x: box.x.end - box.x.start, y: box.y.end - box.y.start, z: box.z.end - box.z.start };
  const slab = (): Float32Array =>
    Float32Array.from({ length: dims.x * dims.y * dims.z }, () => random() * 1000);
  await writeUnitMips(runDir, id, projectSlab(slab(), dims), projectSlab(slab(), dims));
  return box;
}
