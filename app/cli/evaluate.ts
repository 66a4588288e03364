/**
 * `isotrope evaluate --model DIR --truth ISO_VOLUME`: PSNR / SSIM of the model's result and of
 * the bicubic baseline against an isotropic ground truth, as a table or (--json) one object
 * `{"sr": {psnr, ssim, …}, "bicubic": {…}, "ratio", "fwhm", …}`. PSNR of an exact match is
 * Infinity, which JSON writes as null.
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { selectBackend } from '../compute/index.js';
import { flags } from '../options/index.js';
import { RunOptionsSchema } from '../run/run-options.js';
import { ComputeOptionsSchema } from '../compute/compute-options.js';
import { computeOptions } from './backend-choice.js';
import { parseOptions } from './options.js';
import { evaluateVolumes, type Evaluation, loadModel, writeEvaluationReport } from '../sr/index.js';
import { openVolume } from '../volume/index.js';
import { requireOneModel } from './model-dir.js';
import type { Volume } from '../volume/index.js';
import { progressBar } from './progress.js';

const nonNegative = z.number().nonnegative();
const positiveInt = z.number().int().positive();

/** `isotrope evaluate`'s generated flags (--model and --truth are declared by hand: required). */
export const EvaluateFlags = z.object({
  input: z.string().optional().register(flags, {
    value: 'volume',
    help: 'a real low-resolution stack of the same object (default: degrade the truth along z)',
  }),
  ratio: nonNegative.optional().register(flags, {
    value: 'r',
    help: "z step / xy pixel of the low-resolution input (default: the model's)",
  }),
  fwhm: nonNegative.optional().register(flags, {
    value: 'um',
    help: "slice-profile FWHM in µm for the simulated input (default: the model's, else 2.2)",
  }),
  lateralFwhm: nonNegative.optional().register(flags, {
    value: 'um',
    help: 'blur the truth already carries, µm (default: the slice profile the truth records, else 0)',
  }),
  orientations: RunOptionsSchema.shape.orientations,
  perOrientation: z.boolean().optional().register(flags, {
    help: 'with both orientations, also score SR of xz alone and of yz alone (twice the network time)',
  }),
  tile: positiveInt.optional().register(flags, {
    value: 'n',
    help: 'tile input size (default: largest that fits 512 MiB)',
  }),
  batch: positiveInt.optional().register(flags, { value: 'n', help: 'tiles per forward pass' }),
  ...ComputeOptionsSchema.shape,
  report: z.string().optional().register(flags, {
    value: 'file',
    help: 'where to write the HTML report: scores, per-plane PSNR, xz crops (default: MODEL_DIR/evaluation/report.html)',
  }),
  json: z.boolean().optional().register(flags, { help: 'print one JSON object on stdout' }),
});

/** Where the report goes without --report: beside the model it judges. */
export function defaultReportPath(modelDir: string): string {
  return join(modelDir, 'evaluation', 'report.html');
}

export type EvaluateJson = Evaluation & {
  backend: string;
  device: string;
  model: string;
  truthPath: string;
  inputPath: string | null;
  /** The HTML report written (absolute path). */
  report: string;
};

export async function runEvaluate(bag: { model: string; truth: string } & object): Promise<void> {
  const parsed = parseOptions(EvaluateFlags, bag);
  const { backend: backendName, threads, json, input: inputPath, report, ...settings } = parsed;
  requireOneModel(bag.model);
  const model = await loadModel(bag.model);
  const backend = await selectBackend(computeOptions({ backend: backendName, threads }));
  const volumes: Volume[] = [];
  try {
    const truth = await openVolume(bag.truth);
    volumes.push(truth);
    const input = inputPath ? await openVolume(inputPath) : undefined;
    if (input) volumes.push(input);
    const bar = progressBar({ label: 'evaluate', unit: 'planes' });
    const { evaluation: e, volumes: compared } = await evaluateVolumes(truth, model, {
      ...settings,
      input,
      backend,
      onProgress: (d, t) => bar.update(d, t),
    });
    bar.finish();
    const context = { model: bag.model, truthPath: bag.truth, inputPath: inputPath ?? null };
    const reportPath = await writeEvaluationReport(
      resolve(report ?? defaultReportPath(bag.model)),
      e,
      compared,
      {
        ...context,
        backend: `${backend.name} (${backend.device})`,
      },
    );
    const result: EvaluateJson = {
      ...e,
      backend: backend.name,
      device: backend.device,
      ...context,
      report: reportPath,
    };
    process.stdout.write(json ? `${JSON.stringify(result)}\n` : formatEvaluation(result));
  } finally {
    for (const v of volumes) await v.close();
    await backend.dispose();
  }
}

const db = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '∞').padStart(9);
const frac = (v: number): string => (Number.isFinite(v) ? v.toFixed(4) : '-').padStart(9);

export function formatEvaluation(r: EvaluateJson): string {
  const source =
    r.source === 'input'
      ? `input stack ${r.inputPath}`
      : `truth degraded along z (FWHM ${r.fwhm} µm, lateral ${r.lateralFwhm} µm, σ ${r.sigma.toFixed(2)} px)`;
  const lines = [
    `Evaluation of ${r.model} against ${r.truthPath}`,
    `ratio ${r.ratio.toFixed(3)}; ${source}; ${r.inputPlanes} input planes → ${r.planesCompared} of ${r.truth.z} truth planes compared`,
    `orientations ${r.orientations}; backend ${r.backend} (${r.device}); ${r.seconds.toFixed(1)} s`,
    '',
    'method     PSNR dB   SSIM 3D  SSIM 2D (mean of xy planes)',
  ];
  const alone = r.orientationScores
    ? ([
        ['SR xz', r.orientationScores.xz],
        ['SR yz', r.orientationScores.yz],
      ] as const)
    : [];
  for (const [name, s] of [['SR', r.sr], ...alone, ['bicubic', r.bicubic]] as const) {
    lines.push(`${name.padEnd(8)} ${db(s.psnr)} ${frac(s.ssim)} ${frac(s.ssimPlaneMean)}`);
  }
  const gain = r.sr.psnr - r.bicubic.psnr;
  lines.push(
    '',
    `SR − bicubic: ${Number.isFinite(gain) ? gain.toFixed(2) : '—'} dB PSNR, ${(r.sr.ssim - r.bicubic.ssim).toFixed(4)} SSIM`,
  );
  if (r.confidence) {
    const rho = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : '—');
    lines.push(
      `confidence: Spearman ρ between the xz/yz disagreement and |SR − truth| ${rho(r.confidence.spearman)} (${r.confidence.voxels} voxels; |SR − bicubic| gives ${rho(r.confidence.differenceSpearman)})`,
    );
  }
  lines.push('', `report ${r.report}`);
  return `${lines.join('\n')}\n`;
}
