/** The real CLI (built JavaScript, a child process): the `evaluate` JSON contract, table and errors. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixtures.js';
import { saveIdentityModel } from '../helpers/identity-model.js';
import { decodePng } from '../helpers/png-decode.js';
import { panelGap } from '../../app/image/index.js';
import { CROP_SIZE, PANEL_MIN_PIXELS } from '../../app/sr/evaluation-report/crops.js';
import { cliRunner, ensureBuiltCli } from '../helpers/cli-process.js';

const dir = tempDir();
afterAll(() => dir.remove());

const isotrope = cliRunner({ ISOTROPE_CACHE: join(dir.path, 'cache') });

const sample = join(dir.path, 'sample');
const truth = join(sample, 'ground-truth.ome.tif');
const model = join(dir.path, 'model');

beforeAll(async () => {
  ensureBuiltCli();
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

  it('writes the HTML report beside the model, its table the JSON numbers, its crops truth | bicubic | SR | disagreement', () => {
    const r = isotrope('evaluate', '--model', model, '--truth', truth, '--backend', 'wasm', '--json');
    expect(r.status, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.report).toBe(join(model, 'evaluation', 'report.html'));
    const html = readFileSync(e.report, 'utf8');
    const row = (method: string): number[] => {
      const tr = new RegExp(`<tr data-method="${method}">(.*?)</tr>`).exec(html)![1];
      return [...tr.matchAll(/data-value="([^"]+)"/g)].map((m) => Number(m[1]));
    };
    for (const method of ['sr', 'bicubic'] as const) {
      const s = e[method];
      expect(row(method === 'sr' ? 'SR' : 'bicubic')).toEqual([s.psnr, s.ssim, s.ssimPlaneMean]);
      expect(html).toContain(`>${s.psnr.toFixed(2)}</td>`);
    }
    expect(row('gain')).toEqual([0, 0, 0]); // the untrained model is the baseline
    // The per-plane curve: one point per compared plane for each method.
    for (const series of ['SR', 'bicubic']) {
      const points = new RegExp(`<polyline data-series="${series}" points="([^"]+)"`).exec(html)![1];
      expect(points.split(' ')).toHaveLength(e.planesCompared);
    }
    const figures = [
      ...html.matchAll(
        /<figure class="crop" data-y="(\d+)" data-width="(\d+)" data-height="(\d+)" data-zoom="(\d+)">\n<img[^>]*src="data:image\/png;base64,([^"]+)"/g,
      ),
    ];
    expect(figures.length).toBeGreaterThanOrEqual(1);
    for (const [, y, w, h, k, png] of figures) {
      const [width, height, zoom] = [w, h, k].map(Number);
      expect(Number(y)).toBeLessThan(36);
      expect([width, height]).toEqual([Math.min(40, CROP_SIZE), Math.min(e.planesCompared, CROP_SIZE)]);
      expect(zoom).toBe(Math.ceil(PANEL_MIN_PIXELS / Math.max(width, height)));
      const image = decodePng(Buffer.from(png, 'base64'));
      expect(image.width).toBe(4 * zoom * width + 3 * panelGap(zoom * width));
      // The disagreement's colour bar in a band under the row.
      expect(image.height).toBeGreaterThan(zoom * height);
    }
    expect(e.orientationScores).toBeUndefined();
    // The identity network's orientations agree everywhere: a constant disagreement ranks nothing.
    expect(e.confidence).toEqual({
      spearman: null,
      voxels: 40 * 36 * e.planesCompared,
      differenceSpearman: null,
    });
    expect(html).toContain(`data-voxels="${e.confidence.voxels}"`);
    expect(html).toContain('panels TRUTH, BICUBIC, SR, XZ-YZ');
    const elsewhere = join(dir.path, 'reports', 'mine.html');
    const t = isotrope(
      'evaluate',
      '--model',
      model,
      '--truth',
      truth,
      '--backend',
      'wasm',
      '--report',
      elsewhere,
    );
    expect(t.status, t.stderr).toBe(0);
    expect(t.stdout).toContain(`report ${elsewhere}`);
    expect(readFileSync(elsewhere, 'utf8')).toContain('<h2>Example xz crops</h2>');
  }, 120_000);

  it('--per-orientation also scores xz alone and yz alone, in the JSON, the table and the report', () => {
    const path = join(dir.path, 'reports', 'orientations.html');
    const args = ['evaluate', '--model', model, '--truth', truth, '--backend', 'wasm', '--per-orientation'];
    const r = isotrope(...args, '--json', '--report', path);
    expect(r.status, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout);
    const html = readFileSync(path, 'utf8');
    for (const o of ['xz', 'yz'] as const) {
      const s = e.orientationScores[o];
      expect(s.psnrPlanes).toHaveLength(e.planesCompared);
      expect(s.psnr).toBe(e.bicubic.psnr); // the untrained model, each orientation alone
      const tr = new RegExp(`<tr data-method="SR ${o}">(.*?)</tr>`).exec(html)![1];
      expect([...tr.matchAll(/data-value="([^"]+)"/g)].map((m) => Number(m[1]))).toEqual([
        s.psnr,
        s.ssim,
        s.ssimPlaneMean,
      ]);
    }
    const t = isotrope(...args, '--report', path);
    expect(t.stdout).toMatch(/^SR xz\s+\d+\.\d+/m);
    expect(t.stdout).toMatch(/^SR yz\s+\d+\.\d+/m);
  }, 120_000);

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
