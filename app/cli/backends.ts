/**
 * `isotrope backends [--json]`: every compute backend, whether it starts on this machine, on
 * which device, and why (or why not); the first available one that is not marked slower is
 * what automatic selection takes. `--json` prints `[{"name", "available", "device", "reason"}]`.
 */
import { z } from 'zod';
import { listBackends } from '../compute/index.js';
import { flags } from '../options/index.js';
import { ComputeOptionsSchema } from '../compute/compute-options.js';
import { parseOptions } from './options.js';

export const BackendsFlags = z.object({
  threads: ComputeOptionsSchema.shape.threads,
  json: z.boolean().optional().register(flags, {
    help: 'print [{"name", "available", "device", "reason"}] on stdout',
  }),
});

export async function runBackends(bag: Record<string, unknown>): Promise<void> {
  const options = parseOptions(BackendsFlags, bag);
  const rows = await listBackends({ threads: options.threads });
  if (options.json) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return;
  }
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    process.stdout.write(
      `${r.name.padEnd(width)}  ${r.available ? 'yes' : 'no '}  ${r.device ? `${r.device}: ` : ''}${r.reason}\n`,
    );
  }
}
