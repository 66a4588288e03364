/**
 * `npm run bench profile`: the slice-profile estimate on a generated stack (default 1GB; the
 * goal is under 30 s, streaming), through the CLI as users run it: seconds, peak RSS, and the
 * estimate against the sample's known FWHM (2.2 µm).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchStack } from './bench-stack.js';

const CLI = join(import.meta.dirname, '../../app/cli.js');
const PEAK_RSS = join(import.meta.dirname, 'peak-rss.js');

export async function benchProfile(): Promise<void> {
  const stack = await benchStack('1GB');
  const dir = mkdtempSync(join(tmpdir(), 'isotrope-bench-profile-'));
  const rssFile = join(dir, 'rss');
  try {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['--import', PEAK_RSS, CLI, 'profile', stack, '--json'], {
      encoding: 'utf8',
      env: { ...process.env, ISOTROPE_PEAK_RSS_FILE: rssFile },
    });
    const seconds = (performance.now() - t) / 1000;
    if (r.status !== 0) throw new Error(`isotrope profile failed: ${r.stderr}`);
    const e = JSON.parse(r.stdout) as { fwhm: number; low: number; high: number };
    const rss = Number(readFileSync(rssFile, 'utf8')) / 1024;
    process.stdout.write(
      `profile ${stack}: ${seconds.toFixed(1)} s, peak RSS ${rss.toFixed(0)} MiB, FWHM ${e.fwhm.toFixed(2)} µm (95 % ${e.low.toFixed(2)}–${e.high.toFixed(2)}; truth 2.2)\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
