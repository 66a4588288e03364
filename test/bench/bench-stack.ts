/**
 * The generated LSFM stack a benchmark reads: ISOTROPE_BENCH_SIZE (e.g. 8GB, 1GB) under
 * ISOTROPE_BENCH_DIR (default $TMPDIR/isotrope-bench), generated once and reused. The sample
 * writer publishes sample.json last, so its presence means a complete stack.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSample, parseSize } from '../../app/sample/generate.js';

export async function benchStack(defaultSize: string): Promise<string> {
  const sizeText = process.env.ISOTROPE_BENCH_SIZE ?? defaultSize;
  const dir = join(process.env.ISOTROPE_BENCH_DIR ?? join(tmpdir(), 'isotrope-bench'), `lsfm-${sizeText}`);
  if (!existsSync(join(dir, 'sample.json'))) {
    process.stdout.write(`generating ${sizeText} stack in ${dir} (once)...\n`);
    const t = performance.now();
    await generateSample(dir, { size: parseSize(sizeText), groundTruth: false });
    process.stdout.write(`  generated in ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
  }
  return join(dir, 'lsfm.ome.tif');
}
