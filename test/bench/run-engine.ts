/**
 * Run-engine benchmark on the bundled sample (256×256×64 → 256×256×154): voxels/s of a full
 * `isotrope run` (OME-Zarr uint16 output, MIP and preview partials, journal), the time per
 * stage, the overhead of journaling + MIPs/preview over the bare per-unit compute (goal ≤ 5 %)
 * and peak RSS. The model is a zero-tail network of the preset: same cost as a trained one.
 *
 *   node dist/test/bench/run-engine.js [backend=wasm] [preset=cpu] [unit=64]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '../../app/compute/index.js';
import { ensureDefaultSample } from '../../app/sample/generate.js';
import { createRun } from '../../app/run/create-run.js';
import { executeRun } from '../../app/run/execute-run.js';
import { saveIdentityModel } from '../helpers/identity-model.js';

const [backendName = 'wasm', presetName = 'cpu', unitText = '64'] = process.argv.slice(2);
const backend = await selectBackend({ preferred: backendName });
const files = await ensureDefaultSample();
const dir = mkdtempSync(join(tmpdir(), 'isotrope-bench-run-'));
try {
  const model = join(dir, 'model');
  await saveIdentityModel(model, presetName);
  const runDir = join(dir, 'run');
  const unit = Number(unitText);
  const manifest = await createRun({ input: files.stack, model, runDir, unit });
  const r = await executeRun(runDir, { backend });
  const { compute, store, partials, journal } = r.stages;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  const result = {
    backend: backend.name,
    device: backend.device,
    preset: presetName,
    unit,
    input: files.stack,
    output: manifest.output.shape,
    units: r.unitsTotal,
    seconds: r.seconds,
    voxelsPerSecond: r.voxels / r.seconds,
    stages: r.stages,
    overheadJournalAndPartials: (partials + journal) / compute,
    overheadIncludingStoreWrites: (store + partials + journal) / compute,
    peakRssMb: rssMb,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await backend.dispose();
  rmSync(dir, { recursive: true, force: true });
}
