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
import { z } from 'zod';
import { flags } from '../options/index.js';
import { ComputeOptionsSchema } from '../compute/compute-options.js';
import { parseOptions } from './options.js';
import { runSample } from './sample.js';

/** `isotrope demo`'s flags; --backend and --threads are passed on to the steps that compute. */
export const DemoFlags = z.object({
  out: z.string().optional().register(flags, {
    value: 'dir',
    help: 'where the model, the run and the PNGs go',
    default: 'out/demo',
  }),
  time: z.number().positive().optional().register(flags, {
    value: 's',
    help: 'training time budget in seconds',
    default: '120',
  }),
  ...ComputeOptionsSchema.shape,
});

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));

function step(title: string, args: string[]): void {
  process.stderr.write(`\n== ${title}: isotrope ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [CLI, ...args], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`demo step "${title}" failed (exit ${r.status ?? r.signal})`);
}

export async function runDemo(bag: object): Promise<void> {
  const options = parseOptions(DemoFlags, bag);
  const out = resolve(options.out ?? 'out/demo');
  const { stack } = await runSample({ quiet: true });
  const compute = [
    ...(options.backend ? ['--backend', options.backend] : []),
    ...(options.threads ? ['--threads', String(options.threads)] : []),
  ];
  const model = join(out, 'model');
  const run = join(out, 'run');
  step('describe the stack', ['info', stack, '--mip', join(out, 'mips')]);
  const time = String(options.time ?? 120);
  // train refuses to overwrite a model: a finished one is reused, an interrupted one (a
  // checkpoint but no model yet) is continued with --resume.
  const interrupted = existsSync(join(model, 'checkpoint.safetensors'));
  if (existsSync(join(model, 'model.safetensors')))
    process.stderr.write(`\n== reusing the model in ${model}\n`);
  else
    step(interrupted ? 'continue training on the stack' : 'train on the stack itself', [
      'train',
      stack,
      '--out',
      model,
      '--preset',
      'cpu',
      '--time',
      time,
      ...(interrupted ? ['--resume'] : []),
      ...compute,
    ]);
  if (existsSync(join(run, 'manifest.json'))) step('resume the run', ['resume', run]);
  else step('super-resolve the whole stack', ['run', stack, '--model', model, '--out', run, ...compute]);
  step('finalize', ['finalize', run]);
  step('compare with bicubic', ['compare', run, '--out', join(out, 'compare')]);
  process.stdout.write(
    `\nisotropic volume  ${join(run, 'output.zarr')}\ncomparison PNGs   ${join(out, 'compare')}\n`,
  );
}
