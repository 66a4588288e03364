/** `isotrope sample`: the bundled synthetic sample, or a stack of any size for benchmarks. */
import { ensureDefaultSample, generateSample, parseSize, type SampleFiles } from '../sample/generate.js';
import { progressBar } from './progress.js';

export interface SampleCommandOptions { out?: string; size?: string; seed?: string; truth?: boolean; compression?: string; quiet?: boolean }

export async function runSample(options: SampleCommandOptions): Promise<SampleFiles> {
  const bar = progressBar({ label: 'generating', unit: '%' });
  let files: SampleFiles;
  if (!options.out && !options.size && (options.seed ?? '1') === '1') {
    files = await ensureDefaultSample();
  } else {
    if (!options.out) throw new Error('--out is required with --size or --seed');
    const compression = options.compression === 'deflate' ? 'deflate' : 'none';
    files = await generateSample(options.out, {
      seed: Number(options.seed ?? 1), size: options.size ? parseSize(options.size) : undefined,
      groundTruth: options.truth, compression,
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
