/**
 * The confidence map's cost (issue 18) on the bundled sample (256×256×64 → 256×256×154): the
 * same run with --no-confidence and with --confidence, its run time (goal: ≤ 3 % more), the
 * time spent writing the disagreement (its stage, measured inside the run), and the store size
 * of output.zarr with and without output.zarr/disagreement (OME-Zarr, the input's uint16, zstd).
 * The model is a trained one (MODEL_DIR) or, by default, a seeded untrained network of the
 * preset, whose orientations disagree more than a trained one's (a size upper bound: a zero-tail
 * network's disagreement is all zeros and would compress to nothing).
 *
 *   node dist/test/bench/confidence.js [backend=wasm] [MODEL_DIR|seeded] [unit=64]
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '../../app/compute/index.js';
import { ensureDefaultSample } from '../../app/sample/generate.js';
import { createRun } from '../../app/run/create-run.js';
import { executeRun } from '../../app/run/execute-run.js';
import { finalizeRun } from '../../app/run/finalize.js';
import { runFixture } from '../run/run-fixture.js';

/** Bytes of every file under `path`, skipping `skip` (a child folder name). */
function bytesUnder(path: string, skip?: string): number {
  let total = 0;
  for (const name of readdirSync(path)) {
    if (name === skip) continue;
    const entry = join(path, name);
    const s = statSync(entry);
    total += s.isDirectory() ? bytesUnder(entry) : s.size;
  }
  return total;
}

const [backendName = 'wasm', modelArg = 'seeded', unitText = '64'] = process.argv.slice(2);
const backend = await selectBackend({ preferred: backendName });
const files = await ensureDefaultSample();
const dir = mkdtempSync(join(tmpdir(), 'isotrope-bench-confidence-'));
try {
  const model = modelArg === 'seeded' ? (await runFixture(dir, false, { x: 8, y: 8, z: 4 })).model : modelArg;
  const unit = Number(unitText);
  const results = [];
  for (const confidence of [false, true]) {
    const runDir = join(dir, confidence ? 'on' : 'off');
    await createRun({ input: files.stack, model, runDir, unit, confidence });
    const r = await executeRun(runDir, { backend });
    const t0 = performance.now();
    await finalizeRun(runDir);
    const finalizeSeconds = (performance.now() - t0) / 1000;
    const store = join(runDir, 'output.zarr');
    results.push({
      confidence,
      seconds: r.seconds,
      finalizeSeconds,
      stages: r.stages,
      srStoreBytes: bytesUnder(store, 'disagreement'),
      disagreementStoreBytes: confidence ? bytesUnder(join(store, 'disagreement')) : 0,
      mipsBytes: bytesUnder(join(runDir, 'mips')),
      previewBytes: bytesUnder(join(runDir, 'preview')),
    });
  }
  const [off, on] = results;
  process.stdout.write(
    `${JSON.stringify(
      {
        backend: backend.name,
        device: backend.device,
        model: modelArg,
        input: files.stack,
        unit,
        runs: results,
        // Whole-run difference: noisy on a shared machine; the stage below is the direct measure.
        overheadRun: (on.seconds - off.seconds) / off.seconds,
        overheadConfidenceStage: on.stages.confidence / (on.seconds - on.stages.confidence),
        overheadCompute: (on.stages.compute - off.stages.compute) / off.stages.compute,
        storeIncrease: on.disagreementStoreBytes / on.srStoreBytes,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await backend.dispose();
  rmSync(dir, { recursive: true, force: true });
}
