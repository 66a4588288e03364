/**
 * readPreview benchmark: what the 3D view pays after each previewUpdated on a run of many
 * units. A run of the sample's size (256×256×64 → 256×256×154, preview factor 1) cut into
 * units of 8 (640 units) is made with createRun; its units' preview partials (SR and bicubic)
 * are written from seeded slabs and journaled one at a time, without computing anything, so
 * the timing is the API's alone. Reports the first (cold) read, a read with nothing new, and
 * the median read after each newly journaled unit, for units finishing in id order (one
 * process) and interleaved (two shards).
 *
 *   node dist/test/bench/run-preview.js [unit=8] [updates=40]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunPreviews } from '../../app/api/run-preview.js';
import { createRun } from '../../app/run/create-run.js';
import { JournalWriter } from '../../app/run/journal.js';
import { previewGeometry, unitPreviewSums, writeUnitPreview } from '../../app/run/preview.js';
import { unitOf, type UnitGrid } from '../../app/run/unit-grid.js';
import { generateSample } from '../../app/sample/generate.js';
import { mulberry32 } from '../../app/math/random.js';
import { saveIdentityModel } from '../helpers/identity-model.js';

const [unitText = '8', updatesText = '40'] = process.argv.slice(2);
const unit = Number(unitText);
const updates = Number(updatesText);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function writePartials(runDir: string, grid: UnitGrid, id: number): Promise<void> {
  const { box } = unitOf(grid, id);
  const d = { x: box.x.end - box.x.start, y: box.y.end - box.y.start, z: box.z.end - box.z.start };
  const rng = mulberry32(id + 1);
  const g = previewGeometry(grid.shape);
  for (const source of ['sr', 'bicubic'] as const) {
    const slab = new Float32Array(d.x * d.y * d.z);
    for (let i = 0; i < slab.length; i++) slab[i] = rng.next() * 1000;
    await writeUnitPreview(runDir, id, unitPreviewSums(slab, d, box.y.start, box.z.start, g), source);
  }
}

/** ms of one readPreview of both sources (what the 3D view asks for). */
async function timedRead(previews: RunPreviews, runDir: string): Promise<number> {
  const t = performance.now();
  await previews.read(runDir, 'sr');
  await previews.read(runDir, 'bicubic');
  return performance.now() - t;
}

async function scenario(
  base: string,
  name: string,
  order: (total: number) => number[],
): Promise<Record<string, number | string>> {
  const dir = join(base, name);
  const sample = await generateSample(join(base, 'sample'), {
    size: { x: 256, y: 256, z: 64 },
    groundTruth: false,
  });
  const model = join(base, 'model');
  await saveIdentityModel(model, 'tiny');
  const manifest = await createRun({ input: sample.stack, model, runDir: dir, unit });
  const ids = order(manifest.grid.units);
  for (const id of ids) await writePartials(dir, manifest.grid, id);
  const journal = await JournalWriter.open(dir, { index: 0, count: 1 });
  const journalUnit = (id: number) =>
    journal.append({
      unit: id,
      box: unitOf(manifest.grid, id).box,
      at: new Date().toISOString(),
      seconds: 0,
    });
  const first = ids.length - updates;
  for (const id of ids.slice(0, first)) await journalUnit(id);
  const previews = new RunPreviews();
  const cold = await timedRead(previews, dir);
  const unchanged = await timedRead(previews, dir);
  const perUnit: number[] = [];
  for (const id of ids.slice(first)) {
    await journalUnit(id);
    perUnit.push(await timedRead(previews, dir));
  }
  await journal.close();
  const g = previewGeometry(manifest.grid.shape);
  return {
    scenario: name,
    units: manifest.grid.units,
    preview: `${g.dims.x}×${g.dims.y}×${g.dims.z}`,
    coldMs: Math.round(cold),
    unchangedMs: Math.round(unchanged),
    medianAfterNewUnitMs: Math.round(median(perUnit)),
    maxAfterNewUnitMs: Math.round(Math.max(...perUnit)),
  };
}

const base = mkdtempSync(join(tmpdir(), 'isotrope-bench-preview-'));
try {
  const rows = [
    await scenario(base, 'in-order', (n) => Array.from({ length: n }, (_, i) => i)),
    // Two shards: shard 0 does the even ids, shard 1 the odd ones, shard 1 a little behind.
    await scenario(base, 'two-shards', (n) => {
      const even = Array.from({ length: Math.ceil(n / 2) }, (_, i) => 2 * i);
      const odd = Array.from({ length: Math.floor(n / 2) }, (_, i) => 2 * i + 1);
      const out: number[] = [];
      for (let i = 0; i < even.length; i++) {
        out.push(even[i]);
        if (i >= 3 && odd[i - 3] !== undefined) out.push(odd[i - 3]);
      }
      return [...out, ...odd.slice(Math.max(0, even.length - 3))];
    }),
  ];
  for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
} finally {
  rmSync(base, { recursive: true, force: true });
}
