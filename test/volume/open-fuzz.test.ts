/**
 * Seeded fuzz of openVolume (issue 14): every supported TIFF layout (fuzz/fuzz-seeds.ts) is
 * mutated in its header, IFDs, strips and description (helpers/tiff-mutator.ts), and each case
 * is opened and read in full in a child process (fuzz/fuzz-child.ts, run from dist/: build with
 * tsc first). It must show no crash (every failure a tagged VolumeError naming the file), no case
 * over 2 s (the child is killed and the case counts as a hang) and the child's RSS under 1 GB
 * (polled from /proc while a case runs, and the peak the child reports). About a minute in all:
 * FUZZ_CASES (cases per layout, default 200) and FUZZ_SEED (default 14) replay or widen a run.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixtures.js';
import { mutateTiff } from '../helpers/tiff-mutator.js';
import type { FuzzAnswer } from './fuzz/fuzz-child.js';
import { writeFuzzSeeds } from './fuzz/fuzz-seeds.js';

const CHILD = join(import.meta.dirname, '../../dist/test/volume/fuzz/fuzz-child.js');
const CASES_PER_LAYOUT = Number(process.env.FUZZ_CASES ?? 200);
const BASE_SEED = Number(process.env.FUZZ_SEED ?? 14);
const HANG_MS = 2000;
const RSS_LIMIT = 2 ** 30;
/** Stop starting cases after this long, so the test stays about a minute on a slow machine. */
const BUDGET_MS = 60_000;

const dir = tempDir('isotrope-fuzz-');

/**
 * A zlib stream of 1 GiB of zeros in ~1 MiB, built from one sync-flushed raw-deflate chunk of
 * 1 MiB repeated (a non-final block each), an empty final block and the Adler-32 of the zeros:
 * milliseconds to make, where deflating a real gigabyte takes seconds.
 */
function gigabyteBomb(): Buffer {
  const mebibytes = 1024;
  const chunk = deflateRawSync(Buffer.alloc(2 ** 20), { finishFlush: constants.Z_SYNC_FLUSH, level: 9 });
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((((mebibytes * 2 ** 20) % 65521) << 16) | 1) >>> 0);
  const finalEmptyBlock = Buffer.from([0x03, 0x00]);
  return Buffer.concat([
    Buffer.from([0x78, 0x9c]),
    ...Array<Buffer>(mebibytes).fill(chunk),
    finalEmptyBlock,
    adler,
  ]);
}
afterAll(() => dir.remove());

interface CaseResult {
  name: string;
  seed: number;
  edits: string[];
  outcome: FuzzAnswer['outcome'] | 'hang' | 'rss' | 'died';
  tag?: string;
  message?: string;
  ms: number;
  rss: number;
}

/** One child at a time; a killed child is replaced before the next case. */
class FuzzChild {
  private child: ChildProcess | null = null;
  maxRss = 0;

  private async start(): Promise<ChildProcess> {
    const child = fork(CHILD, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    child.stderr!.resume();
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`fuzz child exited (${code}) before it was ready`)));
    });
    this.child = child;
    return child;
  }

  async run(index: number, path: string): Promise<Omit<CaseResult, 'name' | 'seed' | 'edits'>> {
    const child = this.child ?? (await this.start());
    const started = performance.now();
    return new Promise((resolve) => {
      let peak = 0;
      const finish = (result: Omit<CaseResult, 'name' | 'seed' | 'edits'>, kill: boolean) => {
        clearTimeout(timer);
        clearInterval(poll);
        child.removeAllListeners('message');
        child.removeAllListeners('exit');
        if (kill) {
          child.kill('SIGKILL');
          this.child = null;
        }
        this.maxRss = Math.max(this.maxRss, result.rss);
        resolve(result);
      };
      const timer = setTimeout(
        () => finish({ outcome: 'hang', ms: performance.now() - started, rss: peak }, true),
        HANG_MS,
      );
      const poll = setInterval(() => {
        peak = Math.max(peak, residentBytes(child.pid!));
        if (peak > RSS_LIMIT) finish({ outcome: 'rss', ms: performance.now() - started, rss: peak }, true);
      }, 20);
      child.on('message', (answer: FuzzAnswer) => {
        if (answer.index !== index) return;
        const rss = Math.max(peak, answer.rss);
        const outcome = answer.maxRss > RSS_LIMIT ? 'rss' : answer.outcome;
        finish(
          {
            outcome,
            tag: answer.tag,
            message: answer.message,
            ms: answer.ms,
            rss: Math.max(rss, answer.maxRss),
          },
          false,
        );
      });
      child.on('exit', (code, signal) => {
        this.child = null;
        finish(
          { outcome: 'died', message: `exit ${code ?? signal}`, ms: performance.now() - started, rss: peak },
          false,
        );
      });
      child.send({ index, path });
    });
  }

  stop(): void {
    this.child?.kill('SIGKILL');
    this.child = null;
  }
}

/** The process's resident set from /proc (0 where there is none). */
function residentBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const kilobytes = /VmRSS:\s+(\d+)/.exec(status);
    return kilobytes ? Number(kilobytes[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function summarise(results: CaseResult[], stoppedEarly: boolean): string {
  const byOutcome = new Map<string, number>();
  for (const result of results) {
    const key = result.outcome === 'volume-error' ? `VolumeError ${result.tag}` : result.outcome;
    byOutcome.set(key, (byOutcome.get(key) ?? 0) + 1);
  }
  const worstTime = results.reduce((worst, r) => (r.ms > worst.ms ? r : worst), results[0]);
  const worstRss = results.reduce((worst, r) => (r.rss > worst.rss ? r : worst), results[0]);
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  return [
    `fuzz: ${results.length} cases (seed ${BASE_SEED}, ${CASES_PER_LAYOUT} per layout)${stoppedEarly ? ', stopped at the time budget' : ''}`,
    `  outcomes: ${[...byOutcome]
      .sort((a, b) => b[1] - a[1])
      .map(([key, n]) => `${key} ${n}`)
      .join(', ')}`,
    `  worst time: ${worstTime.ms.toFixed(0)} ms (${worstTime.name} seed ${worstTime.seed})`,
    `  worst RSS: ${mib(worstRss.rss)} (${worstRss.name} seed ${worstRss.seed})`,
  ].join('\n');
}

describe('openVolume fuzz', () => {
  it(
    'mutated files of every layout: no crash, no hang over 2 s, RSS under 1 GB, every failure a tagged VolumeError naming the file',
    async () => {
      expect(existsSync(CHILD), `${CHILD} is missing: build with npx tsc -p tsconfig.json first`).toBe(true);
      const seeds = await writeFuzzSeeds(dir.path);
      const bomb = gigabyteBomb();
      const child = new FuzzChild();
      const results: CaseResult[] = [];
      const began = performance.now();
      let stoppedEarly = false;
      try {
        // The unmutated seeds first: they must open whole (and they warm the child's imports).
        for (const [index, seed] of seeds.entries()) {
          const result = await child.run(index, seed.path);
          expect(result, `${seed.name} unmutated`).toMatchObject({ outcome: 'ok' });
        }
        let index = seeds.length;
        outer: for (let round = 0; round < CASES_PER_LAYOUT; round++) {
          for (const [layout, seed] of seeds.entries()) {
            if (performance.now() - began > BUDGET_MS) {
              stoppedEarly = true;
              break outer;
            }
            const caseSeed = BASE_SEED * 1_000_003 + layout * 10_007 + round;
            const mutated = mutateTiff(readFileSync(seed.path), caseSeed, { bomb });
            const path = join(dir.path, `case-${layout}-${round}.tif`);
            writeFileSync(path, mutated.bytes);
            const outcome = await child.run(index++, path);
            results.push({ name: seed.name, seed: caseSeed, edits: mutated.edits, ...outcome });
          }
        }
      } finally {
        child.stop();
      }
      console.log(summarise(results, stoppedEarly));
      const failures = results.filter((r) => r.outcome !== 'ok' && r.outcome !== 'volume-error');
      expect(
        failures.map(
          (f) =>
            `${f.name} seed ${f.seed} [${f.edits.join('; ')}]: ${f.outcome} ${f.message ?? ''} (${f.ms.toFixed(0)} ms)`,
        ),
      ).toEqual([]);
      expect(Math.max(...results.map((r) => r.rss))).toBeLessThan(RSS_LIMIT);
      expect(results.length).toBeGreaterThan(seeds.length * 5);
    },
    BUDGET_MS + 60_000,
  );
});
