/**
 * The evaluation report: one self-contained HTML file (PNGs embedded as data URLs) with the
 * PSNR / SSIM table of SR and the bicubic baseline, the per-plane PSNR curve (inline SVG) and
 * example xz crops of truth, bicubic and SR side by side (crops.ts). Every number in the table
 * carries its exact value in `data-value`, the same one `evaluate --json` prints.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { rasterPng } from '../../image/node.js';
import { escapeXml, writeDurable } from '../../volume/index.js';
import type { EvaluatedVolumes, Evaluation, MethodScores } from '../evaluate.js';
import {
  cropFigure,
  cropWindows,
  DISAGREEMENT_PERCENTILE,
  disagreementMax,
  disagreementPanel,
  intensityPanels,
  type CropFigure,
} from './crops.js';
import { psnrPlotSvg } from './psnr-plot.js';

export interface ReportContext {
  model: string;
  truthPath: string;
  inputPath: string | null;
  backend: string;
}

export interface EvaluationReport {
  html: string;
  /** The crop figures as embedded (for tests and callers that want the PNGs themselves). */
  crops: { figure: CropFigure; png: Buffer }[];
}

/** The table's columns: header, field of MethodScores, decimals shown. */
const COLUMNS = [
  ['PSNR dB', 'psnr', 2],
  ['SSIM 3D', 'ssim', 4],
  ['SSIM 2D (mean of xy planes)', 'ssimPlaneMean', 4],
] as const;

/** A table cell: `value` shown with `decimals`, exactly in data-value (∞ and NaN as JSON would not). */
export function cell(value: number, decimals: number): string {
  const shown = Number.isFinite(value) ? value.toFixed(decimals) : value > 0 ? '∞' : '—';
  return `<td data-value="${String(value)}">${shown}</td>`;
}

function scoreTable(e: Evaluation): string {
  const head = `<tr><th>method</th>${COLUMNS.map(([h]) => `<th>${h}</th>`).join('')}</tr>`;
  const row = (name: string, s: MethodScores): string =>
    `<tr data-method="${name}"><th>${name}</th>${COLUMNS.map(([, f, d]) => cell(s[f], d)).join('')}</tr>`;
  const alone = e.orientationScores
    ? [row('SR xz', e.orientationScores.xz), row('SR yz', e.orientationScores.yz)]
    : [];
  const gain = `<tr data-method="gain"><th>SR − bicubic</th>${COLUMNS.map(([, f, d]) => cell(e.sr[f] - e.bicubic[f], d)).join('')}</tr>`;
  return `<table class="scores">\n${head}\n${[row('SR', e.sr), ...alone, row('bicubic', e.bicubic)].join('\n')}\n${gain}\n</table>`;
}

function setup(e: Evaluation, c: ReportContext, voxelUm: number | null): string {
  const source =
    e.source === 'input'
      ? `the input stack ${c.inputPath}`
      : `the truth degraded along z (slice-profile FWHM ${e.fwhm} µm, lateral ${e.lateralFwhm} µm, σ ${e.sigma.toFixed(3)} planes)`;
  const rows: [string, string][] = [
    ['model', c.model],
    [
      'truth',
      `${c.truthPath} (${e.truth.x} × ${e.truth.y} × ${e.truth.z}${voxelUm ? `, ${voxelUm} µm voxels` : ''})`,
    ],
    ['low-resolution input', `${source}: ${e.inputPlanes} planes`],
    ['ratio (z step / xy pixel)', String(e.ratio)],
    [
      'compared',
      `${e.planesCompared} of ${e.truth.z} truth planes (from plane 0); data range ${e.dataRange}`,
    ],
    ['orientations', e.orientations],
    ['backend', `${c.backend}; ${e.seconds.toFixed(1)} s`],
  ];
  return `<dl class="setup">\n${rows.map(([k, v]) => `<dt>${escapeXml(k)}</dt><dd>${escapeXml(v)}</dd>`).join('\n')}\n</dl>`;
}

function cropSection(crops: EvaluationReport['crops'], voxelUm: number | null): string {
  const at = (y: number): string =>
    voxelUm ? `y = ${y} (${Number((y * voxelUm).toPrecision(4))} µm)` : `y = ${y}`;
  return crops
    .map(({ figure, png }) => {
      const w = figure.window;
      const caption = `xz slice at ${at(w.y)}: x ${w.x0}–${w.x0 + w.width - 1}, z planes ${w.z0}–${w.z0 + w.height - 1}; panels ${figure.labels.join(', ')} (×${figure.zoom})`;
      return `<figure class="crop" data-y="${w.y}" data-width="${w.width}" data-height="${w.height}" data-zoom="${figure.zoom}">\n<img alt="${escapeXml(caption)}" width="${figure.raster.width}" height="${figure.raster.height}" src="data:image/png;base64,${png.toString('base64')}">\n<figcaption>${escapeXml(caption)}</figcaption>\n</figure>`;
    })
    .join('\n');
}

/** The confidence paragraph: what the disagreement panel shows and how well it ranks the error. */
function confidenceSection(e: Evaluation, top: number): string {
  if (!e.confidence) return '';
  const { spearman, voxels, differenceSpearman } = e.confidence;
  const rho = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : '—');
  return `<h2>Confidence</h2>
<p class="confidence" data-spearman="${String(spearman)}" data-voxels="${voxels}" data-difference-spearman="${String(differenceSpearman)}">Spearman ρ between the orientations' disagreement |xz − yz| / 2 and the error |SR − truth|: <b>${rho(spearman)}</b> over ${voxels} voxels (every voxel compared, or an even subsample); for comparison, |SR − bicubic| (where the network changed the data) gives ${rho(differenceSpearman)}. The XZ-YZ panels show the disagreement in magma from 0 to ${Number(top.toPrecision(3))} (its ${DISAGREEMENT_PERCENTILE}th percentile).</p>`;
}

/**
 * @example const { html } = evaluationReport(evaluation, volumes, { model: 'm', truthPath: 'gt.tif', inputPath: null, backend: 'wasm' })
 */
export function evaluationReport(e: Evaluation, v: EvaluatedVolumes, c: ReportContext): EvaluationReport {
  const top = disagreementMax(v);
  const crops = cropWindows(v).map((w) => {
    const disagreement = disagreementPanel(v, w, top);
    const panels = [...intensityPanels(v, w), ...(disagreement ? [disagreement] : [])];
    const figure = cropFigure(panels, w, v.voxelUm);
    return { figure, png: rasterPng(figure.raster) };
  });
  const alone = e.orientationScores
    ? [
        { name: 'SR xz', colour: '#ff7f0e', values: e.orientationScores.xz.psnrPlanes },
        { name: 'SR yz', colour: '#2ca02c', values: e.orientationScores.yz.psnrPlanes },
      ]
    : [];
  const plot = psnrPlotSvg(
    [
      { name: 'SR', colour: '#d62728', values: e.sr.psnrPlanes },
      ...alone,
      { name: 'bicubic', colour: '#1f77b4', values: e.bicubic.psnrPlanes },
    ],
    v.voxelUm,
  );
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Isotrope evaluation: ${escapeXml(c.model)}</title>
<style>
body { font-family: sans-serif; margin: 2em; max-width: 72em; color: #222; }
table.scores { border-collapse: collapse; }
table.scores td, table.scores th { border: 1px solid #bbb; padding: 0.3em 0.8em; text-align: right; }
dl.setup { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dl.setup dt { font-weight: bold; }
figure.crop img { image-rendering: pixelated; max-width: 100%; height: auto; }
</style>
</head>
<body>
<h1>Evaluation of ${escapeXml(c.model)}</h1>
${setup(e, c, v.voxelUm)}
<h2>Scores</h2>
${scoreTable(e)}
<h2>PSNR per xy plane</h2>
${plot}
${confidenceSection(e, top)}
<h2>Example xz crops</h2>
${cropSection(crops, v.voxelUm)}
</body>
</html>
`;
  return { html, crops };
}

/** Writes the report to `path` (folders made; the file appears only when complete). @returns path */
export async function writeEvaluationReport(
  path: string,
  e: Evaluation,
  v: EvaluatedVolumes,
  c: ReportContext,
): Promise<string> {
  const { html } = evaluationReport(e, v, c);
  await mkdir(dirname(path), { recursive: true });
  await writeDurable(path, html);
  return path;
}
