/**
 * Training benchmark on the bundled sample: patches/s and validation loss over a timed run of
 * a training preset, and a quick PSNR of the model against the sample's isotropic ground truth
 * on a few real xz / yz planes (stack plane → cubic B-spline along z → network), compared with
 * the cubic baseline (the untrained, zero-tail network is exactly that baseline).
 *
 *   node dist/test/bench/training.js [seconds=300] [backend=wasm] [preset=cpu]
 *
 * The quick PSNR is a progress gauge for training, not the evaluation (`isotrope evaluate`).
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend, tf, type Tensor4D } from '../../app/compute/index.js';
import { ensureDefaultSample } from '../../app/sample/generate.js';
import { openVolume } from '../../app/volume/open.js';
import type { Volume } from '../../app/volume/types.js';
import { train } from '../../app/sr/training/train.js';
import { loadModel, type LoadedModel } from '../../app/sr/model-dir.js';
import { createNetwork } from '../../app/sr/networks/network.js';
import { initWeights } from '../../app/sr/networks/init.js';
import { normalise, denormalise } from '../../app/sr/normalisation.js';
import { reflectPad } from '../../app/sr/plane.js';
import { resampleAxis } from '../../app/sr/interp/resample.js';
import { TrainOptionsSchema } from '../../app/sr/training/train-options.js';

const [seconds = '300', backendName = 'wasm', presetName = 'cpu'] = process.argv.slice(2);

/** PSNR (dB, peak = ground truth range) of SR and cubic on xz planes at 4 y and yz planes at 4 x. */
async function quickPsnr(
  model: LoadedModel,
  stack: Volume,
  truth: Volume,
  offset: number,
  zero = false,
): Promise<number> {
  const weights = zero ? initWeights(model.meta.config, { seed: 1 }) : model.weights;
  const net = createNetwork(model.meta.config, weights);
  let se = 0,
    count = 0,
    lo = Infinity,
    hi = -Infinity;
  for (const [axis, n] of [
    ['xz', stack.shape.y],
    ['yz', stack.shape.x],
  ] as const) {
    for (const at of [0.15, 0.4, 0.65, 0.9].map((f) => Math.floor(f * n))) {
      const raw = Float32Array.from(
        axis === 'xz' ? await stack.readPlaneXZ(at) : await stack.readPlaneYZ(at),
        Number,
      );
      const gt = Float32Array.from(
        axis === 'xz' ? await truth.readPlaneXZ(at) : await truth.readPlaneYZ(at),
        Number,
      );
      const w = axis === 'xz' ? stack.shape.x : stack.shape.y;
      const h = truth.shape.z;
      const coords = Float64Array.from({ length: h }, (_, j) => j / model.degradation.ratio);
      const up = resampleAxis(
        normalise(raw, model.normalisation),
        { x: w, y: stack.shape.z, z: 1 },
        'y',
        coords,
      ).data;
      const padded = reflectPad({ width: w, height: h, data: up }, net.margin);
      const x = tf.tensor4d(padded.data, [1, padded.height, padded.width, 1]) as Tensor4D;
      const y = net.forward(x);
      const sr = denormalise((await y.data()) as Float32Array, model.normalisation);
      tf.dispose([x, y]);
      for (let i = 0; i < sr.length; i++) {
        const g = gt[i] + offset;
        se += (sr[i] - g) ** 2;
        count++;
        lo = Math.min(lo, g);
        hi = Math.max(hi, g);
      }
    }
  }
  net.dispose();
  return 10 * Math.log10((hi - lo) ** 2 / (se / count));
}

const backend = await selectBackend({ preferred: backendName });
const files = await ensureDefaultSample();
const offset = (JSON.parse(readFileSync(files.manifest, 'utf8')) as { cameraOffset: number }).cameraOffset;
const stack = await openVolume(files.stack);
const truth = await openVolume(files.groundTruth!);
const out = mkdtempSync(join(tmpdir(), 'isotrope-bench-train-'));
const marks = [60, 150, 240];
const snapshots: Array<{ at: number; file: string }> = [];
let last = { patches: 0, pps: 0 };
const r = await train(stack, out, {
  preset: TrainOptionsSchema.shape.preset.parse(presetName),
  timeBudget: Number(seconds),
  checkpointEvery: 30,
  backend,
  onProgress: (p) => {
    last = { patches: p.patches, pps: p.patchesPerSecond };
    if (p.valLoss !== undefined)
      console.log(
        `epoch ${p.epoch} step ${p.step} t ${p.elapsed.toFixed(0)} s  val ${p.valLoss.toFixed(5)}  ${p.patchesPerSecond.toFixed(1)} patches/s`,
      );
    if (marks.length && p.elapsed >= marks[0]) {
      const file = join(out, `model-${marks.shift()}s.safetensors`);
      copyFileSync(join(out, 'model.safetensors'), file); // best weights as of the last checkpoint
      snapshots.push({ at: p.elapsed, file });
    }
  },
});
console.log(
  `${backend.name} ${presetName}: ${r.step} steps, ${r.patches} patches in ${r.elapsed.toFixed(0)} s = ${last.pps.toFixed(1)} patches/s; stopped ${r.stopped}`,
);
console.log(`val loss: cubic ${r.history[0].valLoss.toFixed(5)} → best ${r.bestValLoss.toFixed(5)}`);
const model = await loadModel(out);
console.log(`PSNR cubic ${(await quickPsnr(model, stack, truth, offset, true)).toFixed(2)} dB`);
for (const s of snapshots) {
  copyFileSync(s.file, join(out, 'model.safetensors'));
  console.log(
    `PSNR SR (checkpoint ≈${s.at.toFixed(0)} s) ${(await quickPsnr(await loadModel(out), stack, truth, offset)).toFixed(2)} dB`,
  );
}
console.log(`PSNR SR (final) ${(await quickPsnr(model, stack, truth, offset)).toFixed(2)} dB`);
await stack.close();
await truth.close();
await backend.dispose();
