/**
 * readMipTile / mipInfo benchmark: what the Compare view pays after each previewUpdated on a run
 * of many units. A run is created on a generated stack (X × Y × 16 input planes), its units'
 * MIP partials written from seeded slabs and journaled one at a time, without computing
 * anything. Reports a cold mipInfo (assembles every partial), one with nothing new, and the
 * median mipInfo + one tile after each newly journaled unit.
 *
 *   node dist/test/bench/mip-tiles.js [x=2048] [y=512] [updates=20]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MipTiles } from '../../app/api/mip-tiles.js';
import { createRun } from '../../app/run/create-run.js';
import { JournalWriter } from '../../app/run/journal.js';
import { projectSlab, writeUnitMips } from '../../app/run/mips.js';
import { unitOf } from '../../app/run/unit-grid.js';
import { generateSample } from '../../app/sample/generate.js';
import { mulberry32 } from '../../app/math/random.js';
import { saveIdentityModel } from '../helpers/identity-model.js';

const [xText = '2048', yText = '512', updatesText = '20'] = process.argv.slice(2);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = mkdtempSync(join(tmpdir(), 'isotrope-bench-mips-'));
try {
  const sample = await generateSample(join(base, 'sample'), {
    size: { x: Number(xText), y: Number(yText), z: 16 },
    groundTruth: false,
  });
  await saveIdentityModel(join(base, 'model'), 'tiny');
  const runDir = join(base, 'run');
  const { grid } = await createRun({ input: sample.stack, model: join(base, 'model'), runDir, unit: 8 });
  const rng = mulberry32(7);
  for (let id = 0; id < grid.units; id++) {
    const { box } = unitOf(grid, id);
    const d = { x: box.x.end - box.x.start, y: box.y.end - box.y.start, z: box.z.end - box.z.start };
    const slab = (): Float32Array => Float32Array.from({ length: d.x * d.y * d.z }, () => rng.next() * 1000);
    await writeUnitMips(runDir, id, projectSlab(slab(), d), projectSlab(slab(), d));
  }
  const journal = await JournalWriter.open(runDir, { index: 0, count: 1 });
  const journalUnit = (id: number) =>
    journal.append({ unit: id, box: unitOf(grid, id).box, at: new Date().toISOString(), seconds: 0 });
  const updates = Number(updatesText);
  for (let id = 0; id < grid.units - updates; id++) await journalUnit(id);
  const tiles = new MipTiles();
  const timed = async (): Promise<number> => {
    const t = performance.now();
    await tiles.info(runDir);
    await tiles.tile(runDir, 'sr', 'y', 0, 0, 0);
    return performance.now() - t;
  };
  const cold = await timed();
  const unchanged = await timed();
  const perUnit: number[] = [];
  for (let id = grid.units - updates; id < grid.units; id++) {
    await journalUnit(id);
    perUnit.push(await timed());
  }
  await journal.close();
  const info = await tiles.info(runDir);
  console.table([
    {
      units: grid.units,
      'z MIP': `${info.axes.z.width}×${info.axes.z.height}`,
      'y MIP': `${info.axes.y.width}×${info.axes.y.height}`,
      coldMs: Math.round(cold),
      unchangedMs: Math.round(unchanged),
      medianAfterNewUnitMs: Math.round(median(perUnit)),
      maxAfterNewUnitMs: Math.round(Math.max(...perUnit)),
    },
  ]);
} finally {
  rmSync(base, { recursive: true, force: true });
}
