/**
 * `isotrope evaluate --model DIR --truth ISO_VOLUME`: PSNR / SSIM of the model's result and of
 * the bicubic baseline against an isotropic ground truth, as a table or (--json) one object
 * `{"sr": {psnr, ssim, …}, "bicubic": {…}, "ratio", "fwhm", …}`. PSNR of an exact match is
 * Infinity, which JSON writes as null.
 */
import { selectBackend } from '../compute/select.js';
import { computeOptions } from './compute-options.js';
import { evaluate, type Evaluation } from '../sr/evaluate.js';
import { SrError } from '../sr/errors.js';
import type { Orientations } from '../sr/inference/super-resolve-block.js';
import { loadModel } from '../sr/model-dir.js';
import { openVolume } from '../volume/open.js';
import type { Volume } from '../volume/types.js';
import { progressBar } from './progress.js';

export interface EvaluateCommandOptions {
  model: string; truth: string; input?: string; ratio?: string; fwhm?: string; lateralFwhm?: string;
  orientations?: string; tile?: string; batch?: string; backend?: string; threads?: string; json?: boolean;
}

export type EvaluateJson = Evaluation & { backend: string; device: string; model: string; truthPath: string; inputPath: string | null };

/** A positive number from an option, or undefined when absent; anything else is a clear error. */
function numberOption(name: string, value: string | undefined, integer = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) throw new SrError('bad-config', `--${name} ${value}: expected a ${integer ? 'positive integer' : 'non-negative number'}`);
  return n;
}

export async function runEvaluate(options: EvaluateCommandOptions): Promise<void> {
  const orientations = (options.orientations ?? 'both') as Orientations;
  if (!['both', 'xz', 'yz'].includes(orientations)) throw new SrError('bad-config', `--orientations ${orientations}: expected both, xz or yz`);
  const ratio = numberOption('ratio', options.ratio);
  const fwhm = numberOption('fwhm', options.fwhm);
  const lateralFwhm = numberOption('lateral-fwhm', options.lateralFwhm);
  const tile = numberOption('tile', options.tile, true);
  const batch = numberOption('batch', options.batch, true);
  const model = await loadModel(options.model);
  const backend = await selectBackend(computeOptions(options));
  const volumes: Volume[] = [];
  try {
    const truth = await openVolume(options.truth);
    volumes.push(truth);
    const input = options.input ? await openVolume(options.input) : undefined;
    if (input) volumes.push(input);
    const bar = progressBar({ label: 'evaluate', unit: 'planes' });
    const e = await evaluate(truth, model, {
      ratio, fwhm, lateralFwhm, input, orientations, tile, batch, backend,
      onProgress: (d, t) => bar.update(d, t),
    });
    bar.finish();
    const result: EvaluateJson = { ...e, backend: backend.name, device: backend.device, model: options.model, truthPath: options.truth, inputPath: options.input ?? null };
    process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : formatEvaluation(result));
  } finally {
    for (const v of volumes) await v.close();
    await backend.dispose();
  }
}

const db = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '∞').padStart(9);
const frac = (v: number): string => (Number.isFinite(v) ? v.toFixed(4) : '-').padStart(9);

export function formatEvaluation(r: EvaluateJson): string {
  const source = r.source === 'input' ? `input stack ${r.inputPath}` : `truth degraded along z (FWHM ${r.fwhm} µm, lateral ${r.lateralFwhm} µm, σ ${r.sigma.toFixed(2)} px)`;
  const lines = [
    `Evaluation of ${r.model} against ${r.truthPath}`,
    `ratio ${r.ratio.toFixed(3)}; ${source}; ${r.inputPlanes} input planes → ${r.planesCompared} of ${r.truth.z} truth planes compared`,
    `orientations ${r.orientations}; backend ${r.backend} (${r.device}); ${r.seconds.toFixed(1)} s`,
    '',
    'method     PSNR dB   SSIM 3D  SSIM 2D (mean of xy planes)',
  ];
  for (const [name, s] of [['SR', r.sr], ['bicubic', r.bicubic]] as const) {
    lines.push(`${name.padEnd(8)} ${db(s.psnr)} ${frac(s.ssim)} ${frac(s.ssimPlaneMean)}`);
  }
  const gain = r.sr.psnr - r.bicubic.psnr;
  lines.push('', `SR − bicubic: ${Number.isFinite(gain) ? gain.toFixed(2) : '—'} dB PSNR, ${(r.sr.ssim - r.bicubic.ssim).toFixed(4)} SSIM`);
  return `${lines.join('\n')}\n`;
}
