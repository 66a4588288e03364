/** `isotrope sample`: the bundled synthetic sample, or a stack of any size for benchmarks. */
import { ensureDefaultSample, generateSample, parseSize, type SampleFiles } from '../sample/index.js';
import { z } from 'zod';
import { flags } from '../options/index.js';
import { parseOptions } from './options.js';
import { progressBar } from './progress.js';

/** `isotrope sample`'s generated flags (--out, --size and --truth / --no-truth are declared by hand). */
export const SampleFlags = z.object({
  seed: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .register(flags, { value: 'n', help: 'random seed', default: '1' }),
  compression: z
    .enum(['none', 'deflate'])
    .optional()
    .register(flags, { value: 'c', help: 'none | deflate', default: 'none' }),
});

export interface SampleCommandOptions {
  out?: string;
  size?: string;
  seed?: string;
  truth?: boolean;
  compression?: string;
  quiet?: boolean;
}

export async function runSample(options: SampleCommandOptions): Promise<SampleFiles> {
  const bar = progressBar({ label: 'generating', unit: '%' });
  let files: SampleFiles;
  const { seed = 1, compression = 'none' } = parseOptions(SampleFlags, options);
  if (!options.out && !options.size && seed === 1) {
    files = await ensureDefaultSample();
  } else {
    if (!options.out) throw new Error('--out is required with --size or --seed');
    files = await generateSample(options.out, {
      seed,
      size: options.size ? parseSize(options.size) : undefined,
      groundTruth: options.truth,
      compression,
      onProgress: (f) => bar.update(f * 100, 100),
    });
  }
  bar.finish();
  if (!options.quiet) {
    process.stdout.write(`stack         ${files.stack}\n`);
    if (files.groundTruth) process.stdout.write(`ground truth  ${files.groundTruth}\n`);
    process.stdout.write(`parameters    ${files.manifest}\n`);
  }
  return files;
}
