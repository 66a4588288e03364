/**
 * The generated LSFM stack a benchmark reads: ISOTROPE_BENCH_SIZE (e.g. 8GB, 1GB) under
 * ISOTROPE_BENCH_DIR (default $TMPDIR/isotrope-bench), generated once and reused. The sample
 * writer publishes sample.json last, so its presence means a complete stack.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSample, parseSize } from '../../app/sample/generate.js';

/**
 * @param channels 2: the same bytes as two channels (half the planes each), for the channel benchmark
 */
export async function benchStack(defaultSize: string, channels: 1 | 2 = 1): Promise<string> {
  const sizeText = process.env.ISOTROPE_BENCH_SIZE ?? defaultSize;
  const name = `lsfm-${sizeText}${channels === 2 ? '-c2' : ''}`;
  const dir = join(process.env.ISOTROPE_BENCH_DIR ?? join(tmpdir(), 'isotrope-bench'), name);
  if (!existsSync(join(dir, 'sample.json'))) {
    process.stdout.write(`generating ${sizeText} ${channels}-channel stack in ${dir} (once)...\n`);
    const t = performance.now();
    const size = parseSize(sizeText);
    await generateSample(dir, {
      size: { ...size, z: Math.max(2, Math.round(size.z / channels)) },
      groundTruth: false,
      channels,
    });
    process.stdout.write(`  generated in ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
  }
  return join(dir, 'lsfm.ome.tif');
}
