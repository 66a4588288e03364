/**
 * `isotrope demo`: the whole job on the bundled sample, as a microscopist would do it by hand:
 * describe the stack, train on it, run it, finalize and compare. Each step is the real CLI
 * command in its own process (each picks its own compute backend), so the demo is also a
 * smoke test of the commands. Re-running reuses the model and resumes the run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSample } from './sample.js';

export interface DemoOptions { out?: string; time?: string; backend?: string }

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));

function step(title: string, args: string[]): void {
  process.stderr.write(`\n== ${title}: isotrope ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [CLI, ...args], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`demo step "${title}" failed (exit ${r.status ?? r.signal})`);
}

export async function runDemo(o: DemoOptions): Promise<void> {
  const out = resolve(o.out ?? 'out/demo');
  const { stack } = await runSample({ quiet: true });
  const backend = o.backend ? ['--backend', o.backend] : [];
  const model = join(out, 'model');
  const run = join(out, 'run');
  step('describe the stack', ['info', stack, '--mip', join(out, 'mips')]);
  if (existsSync(join(model, 'model.safetensors'))) process.stderr.write(`\n== reusing the model in ${model}\n`);
  else step('train on the stack itself', ['train', stack, '--out', model, '--preset', 'cpu', '--time', o.time ?? '120', ...backend]);
  if (existsSync(join(run, 'manifest.json'))) step('resume the run', ['resume', run]);
  else step('super-resolve the whole stack', ['run', stack, '--model', model, '--out', run, ...backend]);
  step('finalize', ['finalize', run]);
  step('compare with bicubic', ['compare', run, '--out', join(out, 'compare')]);
  process.stdout.write(`\nisotropic volume  ${join(run, 'output.zarr')}\ncomparison PNGs   ${join(out, 'compare')}\n`);
}
