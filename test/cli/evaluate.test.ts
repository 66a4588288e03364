/** The real CLI (built JavaScript, a child process): the `evaluate` JSON contract, table and errors. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixtures.js';
import { saveIdentityModel } from '../helpers/identity-model.js';

const CLI = join(import.meta.dirname, '../../dist/app/cli.js');
const dir = tempDir();
afterAll(() => dir.remove());

function isotrope(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ISOTROPE_CACHE: join(dir.path, 'cache') },
  });
}

const sample = join(dir.path, 'sample');
const truth = join(sample, 'ground-truth.ome.tif');
const model = join(dir.path, 'model');

beforeAll(async () => {
  if (!existsSync(CLI)) execFileSync('npm', ['run', 'build'], { cwd: join(import.meta.dirname, '../..') });
  const made = isotrope('sample', '--out', sample, '--size', '40x36x16', '--seed', '2', '--truth');
  expect(made.status, made.stderr).toBe(0);
  await saveIdentityModel(model);
}, 120_000);

describe('isotrope evaluate', () => {
  it('prints the contract JSON; an untrained model scores exactly like bicubic', () => {
    const r = isotrope('evaluate', '--model', model, '--truth', truth, '--backend', 'ort-cpu', '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const e = JSON.parse(r.stdout);
    expect(e).toMatchObject({
      sr: { psnr: expect.any(Number), ssim: expect.any(Number) },
      bicubic: { psnr: expect.any(Number), ssim: expect.any(Number) },
      ratio: expect.any(Number),
      fwhm: 2.2,
      backend: 'ort-cpu',
      source: 'simulated',
    });
    expect(e.ratio).toBeCloseTo(1 / 0.411, 9);
    expect(e.sr.psnr).toBe(e.bicubic.psnr);
    expect(e.sr.ssim).toBe(e.bicubic.ssim);
    expect(e.sr.psnrPlanes).toHaveLength(e.planesCompared);
  });

  it('honours --ratio / --fwhm / --input and prints a table without --json', () => {
    const j = isotrope(
      'evaluate',
      '--model',
      model,
      '--truth',
      truth,
      '--ratio',
      '3',
      '--fwhm',
      '1.5',
      '--backend',
      'wasm',
      '--json',
    );
    expect(j.status, j.stderr).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ ratio: 3, fwhm: 1.5 });
    const t = isotrope(
      'evaluate',
      '--model',
      model,
      '--truth',
      truth,
      '--input',
      join(sample, 'lsfm.ome.tif'),
      '--backend',
      'wasm',
    );
    expect(t.status, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/^SR\s+\d+\.\d+\s+0\.\d+/m);
    expect(t.stdout).toMatch(/^bicubic\s+\d+\.\d+\s+0\.\d+/m);
    expect(t.stdout).toContain('SR − bicubic: 0.00 dB PSNR');
  });

  it('fails with one line naming the problem, nothing on stdout', () => {
    const r = isotrope('evaluate', '--model', join(dir.path, 'no-model'), '--truth', truth, '--json');
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('no-model');
    const bad = isotrope('evaluate', '--model', model, '--truth', truth, '--ratio', 'abc');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--ratio abc');
    expect(isotrope('evaluate', '--model', model).status).not.toBe(0);
    const lsfm = isotrope('evaluate', '--model', model, '--truth', join(sample, 'lsfm.ome.tif'));
    expect(lsfm.status).not.toBe(0);
    expect(lsfm.stderr).toMatch(/lsfm\.ome\.tif: the ground truth is not isotropic/);
  });
});
