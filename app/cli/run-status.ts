/**
 * `isotrope status RUN_DIR [--json]` and `isotrope finalize RUN_DIR`. status --json prints
 * `{"state": "done"|"running"|"stopped", "unitsDone", "unitsTotal", …}` (see app/run/status.ts).
 */
import { finalizeRun, runStatus } from '../run/index.js';

export async function runStatusCommand(runDir: string, o: { json?: boolean }): Promise<void> {
  const s = await runStatus(runDir);
  if (o.json) {
    process.stdout.write(`${JSON.stringify(s)}\n`);
    return;
  }
  const pct = s.unitsTotal ? ((100 * s.unitsDone) / s.unitsTotal).toFixed(1) : '0';
  const lines = [
    `${runDir}: ${s.state}${s.finalized ? ', finalized' : ''}`,
    `units ${s.unitsDone} / ${s.unitsTotal} (${pct} %), output ${s.output.shape.x}×${s.output.shape.y}×${s.output.shape.z} ${s.output.dtype}`,
    ...s.processes.map((p) => `  shard ${p.shard}: pid ${p.pid} on ${p.hostname} since ${p.startedAt}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

export async function runFinalizeCommand(runDir: string, o: { json?: boolean }): Promise<void> {
  const r = await finalizeRun(runDir);
  process.stdout.write(
    o.json
      ? `${JSON.stringify(r)}\n`
      : `finalized ${runDir}: ${r.pyramidLevels} pyramid levels; ${r.files.length} files (MIPs in mips/, preview in preview/)\n`,
  );
}

export async function runCompareCommand(runDir: string, o: { out?: string; json?: boolean }): Promise<void> {
  const { compareRun } = await import('../run/index.js');
  const r = await compareRun(runDir, o);
  if (o.json) {
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  const partial =
    r.unitsDone < r.unitsTotal
      ? ` (run ${r.unitsDone}/${r.unitsTotal} units done: unfinished regions are black)`
      : '';
  process.stdout.write(`${r.files.join('\n')}\n${partial ? `${partial.trim()}\n` : ''}`);
}
