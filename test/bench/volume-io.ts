/**
 * Volume I/O benchmark (issue: foundation). On a generated uint16 BigTIFF (8 GB by
 * default; ISOTROPE_BENCH_SIZE=2GB for a quick run): time to open + first plane,
 * sequential xy throughput, xz / yz / brick throughput as ratios of sequential, peak RSS.
 * Each figure is the median of several fresh processes. The page cache is dropped before
 * each run where the kernel lets us (root, not in every container); the report says which.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSample } from '../../app/sample/generate.js';
import { benchStack } from './bench-stack.js';

interface TaskResult {
  task: string;
  seconds: number;
  bytes: number;
  maxRssBytes: number;
}

const TASK = join(import.meta.dirname, 'volume-io-task.js');

function dropCaches(): boolean {
  try {
    execFileSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
}

function runTask(task: string, path: string, count: number, cold: boolean): TaskResult & { cold: boolean } {
  const dropped = cold ? dropCaches() : false;
  const out = execFileSync(process.execPath, [TASK, task, path, String(count)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return { ...(JSON.parse(out) as TaskResult), cold: dropped };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Seconds to write the default sample (256×256×64 and its truth), what `isotrope demo` waits for first. */
async function defaultSampleSeconds(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'isotrope-bench-sample-'));
  try {
    const started = performance.now();
    await generateSample(dir, { groundTruth: true });
    return (performance.now() - started) / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchVolumeIo(): Promise<void> {
  const stack = await benchStack('8GB');
  const repeats = Number(process.env.ISOTROPE_BENCH_REPEATS ?? 3);
  const measure = (task: string, count: number, cold: boolean) => {
    const runs = Array.from({ length: repeats }, () => runTask(task, stack, count, cold));
    const rate = median(runs.map((r) => r.bytes / r.seconds));
    return {
      runs,
      seconds: median(runs.map((r) => r.seconds)),
      rate,
      rss: Math.max(...runs.map((r) => r.maxRssBytes)),
      cold: runs.every((r) => r.cold),
    };
  };
  const open = measure('open', 0, true);
  const xy = measure('xy', 0, true);
  const xz = measure('xz', 256, true);
  const yz = measure('yz', 0, true);
  const brick = measure('brick', 0, true);
  const sampleSeconds = await defaultSampleSeconds();
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  const rows = [
    ['open + first xy plane', `${open.seconds.toFixed(3)} s`, '< 1 s'],
    ['sequential xy read', `${mb(xy.rate)}/s`, ''],
    ['xz planes (256 in order)', `${mb(xz.rate)}/s, ratio ${(xz.rate / xy.rate).toFixed(2)}`, '≥ 0.5'],
    [
      'yz planes (one 256 MiB col. block)',
      `${mb(yz.rate)}/s, ratio ${(yz.rate / xy.rate).toFixed(2)}`,
      '≥ 0.5',
    ],
    ['run bricks (all x, 64 y, 96 z)', `${mb(brick.rate)}/s, ratio ${(brick.rate / xy.rate).toFixed(2)}`, ''],
    ['peak RSS (any task)', mb(Math.max(open.rss, xy.rss, xz.rss, yz.rss, brick.rss)), '< 1.5 GiB'],
    ['default sample generated', `${sampleSeconds.toFixed(1)} s`, '< 8 s'],
  ];
  const info = JSON.parse(
    execFileSync(
      process.execPath,
      [join(import.meta.dirname, '../../app/cli.js'), 'info', stack, '--json', '--no-stats'],
      { encoding: 'utf8' },
    ),
  ) as { format: string; compression: string; shape: Record<string, number> };
  const shape = `${info.shape.x}×${info.shape.y}×${info.shape.z}`;
  process.stdout.write(
    `\nvolume I/O on ${stack} (${shape} uint16, ${info.format}, compression ${info.compression}), median of ${repeats} fresh processes, page cache ${xy.cold ? 'dropped' : 'NOT dropped (warm)'} before each\n`,
  );
  for (const [name, value, goal] of rows)
    process.stdout.write(`  ${name.padEnd(32)} ${value.padEnd(32)} ${goal}\n`);
  process.stdout.write(
    `  peak RSS per task: open ${mb(open.rss)}, xy ${mb(xy.rss)}, xz ${mb(xz.rss)}, yz ${mb(yz.rss)}, brick ${mb(brick.rss)}\n`,
  );
}
