/**
 * `isotrope backends [--json]`: every compute backend, whether it starts on this machine, on
 * which device, and why (or why not); the first available one that is not marked slower is
 * what automatic selection takes. `--json` prints `[{"name", "available", "device", "reason"}]`.
 */
import { listBackends } from '../compute/select.js';
import { computeOptions, type ComputeFlags } from './compute-options.js';

export async function runBackends(o: ComputeFlags & { json?: boolean }): Promise<void> {
  const rows = await listBackends({ threads: computeOptions(o).threads });
  if (o.json) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return;
  }
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    process.stdout.write(`${r.name.padEnd(width)}  ${r.available ? 'yes' : 'no '}  ${r.device ? `${r.device}: ` : ''}${r.reason}\n`);
  }
}
