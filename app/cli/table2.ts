/** `isotrope table2 [VOLUME]`: the paper's Table 2 (tiled vs whole-slice inference) on a volume. */
import { selectBackend } from '../compute/select.js';
import { computeOptions } from './compute-options.js';
import { loadModel } from '../sr/model-dir.js';
import { table2, type Table2Row } from '../sr/table2.js';
import { openVolume } from '../volume/open.js';
import { progressBar } from './progress.js';

export interface Table2CommandOptions { json?: boolean; preset?: string; planes?: string; backend?: string; threads?: string; model?: string; seed?: string }

export interface Table2Json { rows: Table2Row[]; backend: string; device: string; reason: string; preset: string; planes: number; volume: string }

export async function runTable2(path: string, options: Table2CommandOptions): Promise<void> {
  const backend = await selectBackend(computeOptions(options));
  const volume = await openVolume(path);
  try {
    const validWeights = options.model ? (await loadModel(options.model)).weights : undefined;
    const planes = Number(options.planes ?? 4);
    const bar = progressBar({ label: 'table 2', unit: 'planes' });
    const rows = await table2(volume, {
      preset: options.preset ?? 'cpu', planes, seed: Number(options.seed ?? 1), validWeights, backend,
      onProgress: (d, t) => bar.update(d, t),
    });
    bar.finish();
    const result: Table2Json = { rows, backend: backend.name, device: backend.device, reason: backend.reason, preset: options.preset ?? 'cpu', planes, volume: path };
    process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : formatTable2(result));
  } finally {
    await volume.close();
    await backend.dispose();
  }
}

export function formatTable2(r: Table2Json): string {
  const lines = [
    `Table 2: tiled vs whole-slice inference on ${r.volume} (${r.planes} xy planes, preset ${r.preset})`,
    `backend ${r.backend} (${r.device})`,
    '',
    'network  tile   MSE vs whole slice   seconds',
  ];
  for (const row of r.rows) {
    lines.push(`${row.network.padEnd(8)} ${String(row.tile).padEnd(6)} ${row.mse.toExponential(3).padStart(18)}   ${row.seconds.toFixed(2).padStart(7)}`);
  }
  return `${lines.join('\n')}\n`;
}
