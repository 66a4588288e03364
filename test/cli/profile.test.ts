// `isotrope profile` and train's use of it, end to end through the built CLI: --json prints
// the contract's fields with the truth inside the interval; a stack too small to measure
// fails in one line; train without --fwhm on a stack that records no profile measures it,
// says so in one line and records it in the model, and --fwhm still wins.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadModel } from '../../app/sr/model-dir.js';
import { CLI } from '../helpers/cli-process.js';
import { tempDir, writeOmeStack } from '../helpers/fixtures.js';
import { writeProfileStack } from '../helpers/profile-stack.js';

const dir = tempDir('isotrope-cli-profile-');
/** Overlap: FWHM 3 µm at a 1.5 µm z step (2 steps). */
const truth = { axialFwhm: 3, zStep: 1.5 };
let stack: string;

beforeAll(async () => {
  stack = await writeProfileStack(dir.path, truth);
}, 60_000);
afterAll(() => dir.remove());

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('isotrope profile', () => {
  test(
    '--json: fwhm, fwhmSteps, low, high, method, the truth inside the interval',
    { timeout: 120_000 },
    () => {
      const r = run(['profile', stack, '--json']);
      expect(r.status, r.stderr).toBe(0);
      const e = JSON.parse(r.stdout) as Record<string, unknown>;
      for (const key of ['fwhm', 'fwhmSteps', 'low', 'high']) expect(typeof e[key]).toBe('number');
      expect(e.method).toBe('spectrum-match');
      const { fwhm, fwhmSteps, low, high } = e as Record<string, number>;
      expect(fwhmSteps).toBeCloseTo(fwhm / truth.zStep, 6);
      expect(low).toBeLessThanOrEqual(fwhm);
      expect(high).toBeGreaterThanOrEqual(fwhm);
      // The stack records no lateral FWHM: the estimate is the extra blur alone, √(3² − 0.8²) µm.
      const extra = Math.sqrt(truth.axialFwhm ** 2 - 0.8 ** 2);
      expect(low).toBeLessThan(extra * 1.1);
      expect(high).toBeGreaterThan(extra * 0.9);
    },
  );

  test('a stack too small to measure fails in one line', { timeout: 60_000 }, async () => {
    const small = await writeOmeStack(join(dir.path, 'small.ome.tif'), { x: 16, y: 16, z: 6 });
    const r = run(['profile', small.path]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/too small to estimate the slice profile/);
  });
});

describe('isotrope train without --fwhm', () => {
  const common = [
    '--preset',
    'tiny',
    '--backend',
    'ort-cpu',
    '--max-patches',
    '8',
    '--checkpoint-every',
    '0',
  ];

  test('measures the profile, prints it and records it in the model', { timeout: 180_000 }, async () => {
    const out = join(dir.path, 'model');
    const r = run(['train', stack, '--out', out, ...common]);
    expect(r.status, r.stderr).toBe(0);
    const line = r.stderr.split('\n').find((l) => l.startsWith('slice profile: '));
    expect(line).toMatch(
      /^slice profile: FWHM (\d+\.\d+) µm \((\d+\.\d+) z steps, 95 % (\d+\.\d+)–(\d+\.\d+)\) estimated from the stack.*; pass --fwhm to override$/,
    );
    const printed = Number(/FWHM (\d+\.\d+) µm/.exec(line!)![1]);
    const model = await loadModel(out);
    expect(model.meta.training.fwhmSource).toBe('estimate');
    expect(model.degradation.fwhm).toBeCloseTo(printed, 2);
    const recorded = model.meta.training.fwhmEstimate as { low: number; high: number; method: string };
    expect(recorded.method).toBe('spectrum-match');
    expect(recorded.low).toBeLessThanOrEqual(model.degradation.fwhm);
    expect(recorded.high).toBeGreaterThanOrEqual(model.degradation.fwhm);
  });

  test('--fwhm wins: no estimate, none printed', { timeout: 180_000 }, async () => {
    const out = join(dir.path, 'given');
    const r = run(['train', stack, '--out', out, ...common, '--fwhm', '2.5']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('slice profile:');
    const model = await loadModel(out);
    expect(model.meta.training.fwhmSource).toBe('user');
    expect(model.degradation.fwhm).toBe(2.5);
    expect(model.meta.training.fwhmEstimate).toBeUndefined();
  });
});
