/** `isotrope table2 [VOLUME]`: the paper's Table 2 (tiled vs whole-slice inference) on a volume. */
import { z } from 'zod';
import { selectBackend } from '../compute/index.js';
import { flags } from '../options/index.js';
import { ComputeOptionsSchema } from '../compute/compute-options.js';
import { computeOptions } from './backend-choice.js';
import { parseOptions } from './options.js';
import { loadModel, table2, type Table2Row } from '../sr/index.js';
import { openVolume } from '../volume/index.js';
import { progressBar } from './progress.js';

/** `isotrope table2`'s flags. */
export const Table2Flags = z.object({
  json: z
    .boolean()
    .optional()
    .register(flags, { help: 'print {"rows": [{network, tile, mse, seconds}], "backend"} on stdout' }),
  preset: z
    .string()
    .optional()
    .register(flags, { value: 'name', help: 'network size: cpu | paper | tiny', default: 'cpu' }),
  planes: z.number().int().positive().optional().register(flags, {
    value: 'n',
    help: 'xy planes to use, evenly spaced in z',
    default: '4',
  }),
  ...ComputeOptionsSchema.shape,
  model: z.string().optional().register(flags, {
    value: 'dir',
    help: 'trained valid-network weights (default: seeded random weights)',
  }),
  seed: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .register(flags, { value: 'n', help: 'seed of the random weights', default: '1' }),
});

export interface Table2Json {
  rows: Table2Row[];
  backend: string;
  device: string;
  reason: string;
  preset: string;
  planes: number;
  volume: string;
}

export async function runTable2(path: string, bag: Record<string, unknown>): Promise<void> {
  const options = parseOptions(Table2Flags, bag);
  const preset = options.preset ?? 'cpu';
  const planes = options.planes ?? 4;
  const backend = await selectBackend(computeOptions(options));
  const volume = await openVolume(path);
  try {
    const validWeights = options.model ? (await loadModel(options.model)).weights : undefined;
    const bar = progressBar({ label: 'table 2', unit: 'planes' });
    const rows = await table2(volume, {
      preset,
      planes,
      seed: options.seed ?? 1,
      validWeights,
      backend,
      onProgress: (d, t) => bar.update(d, t),
    });
    bar.finish();
    const result: Table2Json = {
      rows,
      backend: backend.name,
      device: backend.device,
      reason: backend.reason,
      preset,
      planes,
      volume: path,
    };
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
    lines.push(
      `${row.network.padEnd(8)} ${String(row.tile).padEnd(6)} ${row.mse.toExponential(3).padStart(18)}   ${row.seconds.toFixed(2).padStart(7)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
