/** The real CLI (built JavaScript, a child process) on generated stacks: the `info` contract. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTiffStack } from '../../app/volume/tiff/writer.js';
import { planeOf, randomStack, tempDir, writeOmeStack } from '../helpers/fixtures.js';
import { cliRunner, ensureBuiltCli } from '../helpers/cli-process.js';

const dir = tempDir();
afterAll(() => dir.remove());

const isotrope = cliRunner({ ISOTROPE_CACHE: join(dir.path, 'cache') });

beforeAll(() => {
  ensureBuiltCli();
});

describe('isotrope info', () => {
  it('prints the contract JSON for a generated sample', () => {
    const out = join(dir.path, 'sample');
    const made = isotrope('sample', '--out', out, '--size', '64x48x10', '--seed', '3');
    expect(made.status, made.stderr).toBe(0);
    const stack = made.stdout.match(/stack\s+(\S+)/)![1];
    const r = isotrope('info', stack, '--json');
    expect(r.status, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info).toMatchObject({
      path: stack,
      format: 'ome-tiff',
      shape: { x: 64, y: 48, z: 10, c: 1, t: 1 },
      dtype: 'uint16',
      voxelSizeSource: 'ome-xml',
      compression: 'none',
      bytes: expect.any(Number),
      sliceProfile: { axialFwhm: 2.2, lateralFwhm: 0.8, source: 'ome-xml' },
    });
    expect(info.voxelSize.x).toBeCloseTo(0.411, 6);
    expect(info.voxelSize.z).toBeCloseTo(1, 6);
    expect(info.intensity.max).toBeGreaterThan(info.intensity.percentiles.p50);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('reads a stack with damaged OME-XML as plain pages, and says so (stderr and --json)', () => {
    const out = join(dir.path, 'damaged');
    const made = isotrope('sample', '--out', out, '--size', '32x24x6', '--no-truth');
    expect(made.status, made.stderr).toBe(0);
    const stack = made.stdout.match(/stack\s+(\S+)/)![1];
    const bytes = readFileSync(stack);
    // Same length, so every offset stays valid: the Pixels element is gone.
    bytes.write('<Pixelz ', bytes.indexOf('<Pixels '), 'latin1');
    writeFileSync(stack, bytes);
    const r = isotrope('info', stack, '--json', '--no-stats');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: damaged OME-XML .*read as 6 plain TIFF pages, voxel size unknown$/m);
    const info = JSON.parse(r.stdout);
    expect(info).toMatchObject({ format: 'tiff', shape: { x: 32, y: 24, z: 6 }, voxelSizeSource: 'none' });
    expect(info.warnings).toEqual([expect.stringMatching(/^damaged OME-XML/)]);
  });

  it('writes MIP PNGs with z stretched to true proportions', async () => {
    const X = 30;
    const Y = 20;
    const Z = 4;
    const stack = randomStack('uint16', X, Y, Z, 5);
    const path = join(dir.path, 'mip.tif');
    await writeTiffStack(
      path,
      Array.from({ length: Z }, (_, z) => planeOf(stack, X, Y, z)),
      {
        width: X,
        height: Y,
        dtype: 'uint16',
        resolution: { x: 2, y: 2, unit: 'none' },
        imageDescription: `ImageJ=1.54f\nimages=${Z}\nslices=${Z}\nunit=micron\nspacing=1.5\n`,
      },
    );
    const mips = join(dir.path, 'mips');
    const r = isotrope('info', path, '--mip', mips);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('voxel size   0.5 × 0.5 × 1.5 µm (from imagej)');
    const size = (f: string) => {
      const b = readFileSync(join(mips, f));
      expect(b.subarray(1, 4).toString()).toBe('PNG');
      return [b.readUInt32BE(16), b.readUInt32BE(20)];
    };
    expect(size('mip-z.png')).toEqual([X, Y]);
    expect(size('mip-y.png')).toEqual([X, Z * 3]);
    expect(size('mip-x.png')).toEqual([Y, Z * 3]);
  });

  it('lists the channels of a two-channel OME-TIFF: names and colours in --json and the text', async () => {
    const { path } = await writeOmeStack(join(dir.path, 'two.ome.tif'), {
      x: 16,
      y: 12,
      z: 3,
      c: 2,
      channels: [
        { name: 'vessels', color: '00FFFF' },
        { name: 'nuclei', color: 'FF00FF' },
      ],
    });
    const json = isotrope('info', path, '--json', '--no-stats');
    expect(json.status, json.stderr).toBe(0);
    const info = JSON.parse(json.stdout);
    expect(info).toMatchObject({ format: 'ome-tiff', shape: { x: 16, y: 12, z: 3, c: 2, t: 1 } });
    expect(info.channels).toEqual([
      { name: 'vessels', color: '00FFFF' },
      { name: 'nuclei', color: 'FF00FF' },
    ]);
    const text = isotrope('info', path, '--no-stats');
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('2 channels, 1 time point');
    expect(text.stdout).toContain('  channel 0    vessels  #00FFFF\n  channel 1    nuclei   #FF00FF\n');
  });

  it('gives a single-channel stack one grey channel named C0', () => {
    const out = join(dir.path, 'sample1');
    const made = isotrope('sample', '--out', out, '--size', '16x16x2', '--seed', '5', '--no-truth');
    expect(made.status, made.stderr).toBe(0);
    const r = isotrope('info', made.stdout.match(/stack\s+(\S+)/)![1], '--no-stats');
    expect(r.stdout).toContain('  channel 0    C0  #FFFFFF\n');
  });

  it('fails with one line naming the file, nothing on stdout', () => {
    const bad = join(dir.path, 'bad.tif');
    writeFileSync(bad, 'II*\0garbage-garbage');
    for (const target of [bad, join(dir.path, 'missing.tif')]) {
      const r = isotrope('info', target, '--json');
      expect(r.status).not.toBe(0);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(target);
    }
  });

  it('--no-stats describes without scanning', () => {
    const out = join(dir.path, 'sample2');
    const made = isotrope('sample', '--out', out, '--size', '32x32x4', '--seed', '4', '--no-truth');
    expect(made.status, made.stderr).toBe(0);
    const r = isotrope('info', made.stdout.match(/stack\s+(\S+)/)![1], '--json', '--no-stats');
    expect(JSON.parse(r.stdout).intensity).toBeUndefined();
  });
});
