/** `isotrope sample`: the bundled synthetic sample, or a stack of any size for benchmarks. */
import {
  ensureDefaultSample,
  generateSample,
  parseSize,
  resolveSampleParameters,
  type SampleFiles,
} from '../sample/index.js';
import { z } from 'zod';
import { flags } from '../options/index.js';
import { OptionError, parseOptions } from './options.js';
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
  channels: z.number().int().min(1).max(2).optional().register(flags, {
    value: 'n',
    help: '1, or 2: channel 0 vessels (cyan) and channel 1 nuclei apart from them (magenta)',
    default: '1',
  }),
});

export interface SampleCommandOptions {
  out?: string;
  size?: string;
  seed?: string;
  truth?: boolean;
  compression?: string;
  channels?: string;
  quiet?: boolean;
}

/** --size as parseSize reads it; a size it refuses is an option error (one line and a --help hint). */
function sizeOption(text: string): { x: number; y: number; z: number } {
  try {
    return parseSize(text);
  } catch {
    throw new OptionError('--size', text, 'XxYxZ (e.g. 256x256x64) or a byte size (e.g. 500MB, 8GB)');
  }
}

export async function runSample(options: SampleCommandOptions): Promise<SampleFiles> {
  const bar = progressBar({ label: 'generating', unit: '%' });
  let files: SampleFiles;
  const { seed = 1, compression = 'none', channels = 1 } = parseOptions(SampleFlags, options);
  const size = options.size === undefined ? undefined : sizeOption(options.size);
  if (!options.out && !options.size && seed === 1 && channels === 1) {
    files = await ensureDefaultSample();
  } else {
    if (!options.out)
      throw new Error(
        '--out is required with --size, --seed or --channels: add --out DIR, the folder to write the sample into',
      );
    files = await generateSample(options.out, {
      seed,
      size,
      groundTruth: options.truth,
      compression,
      channels: channels === 2 ? 2 : 1,
      onProgress: (f) => bar.update(f * 100, 100),
    });
  }
  bar.finish();
  if (!options.quiet) {
    const shape = resolveSampleParameters({ size }).size;
    const channelText = channels === 1 ? '1 channel' : `${channels} channels`;
    process.stdout.write(`stack         ${files.stack}\n`);
    process.stdout.write(`shape         ${shape.x} × ${shape.y} × ${shape.z} (x × y × z), ${channelText}\n`);
    if (files.groundTruth) process.stdout.write(`ground truth  ${files.groundTruth}\n`);
    process.stdout.write(`parameters    ${files.manifest}\n`);
  }
  return files;
}
