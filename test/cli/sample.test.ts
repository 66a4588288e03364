/** The real CLI (built JavaScript, a child process): `isotrope sample`, its shape line and --channels. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixtures.js';
import { cliRunner, ensureBuiltCli } from '../helpers/cli-process.js';

const dir = tempDir();
afterAll(() => dir.remove());

const isotrope = cliRunner({ ISOTROPE_CACHE: join(dir.path, 'cache') });

beforeAll(() => {
  ensureBuiltCli();
});

describe('isotrope sample', () => {
  it('--channels 2 writes a two-channel stack, prints its shape, and info names its channels', () => {
    const made = isotrope('sample', '--out', join(dir.path, 'two'), '--size', '40x32x6', '--channels', '2');
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain('shape         40 × 32 × 6 (x × y × z), 2 channels\n');
    const stack = made.stdout.match(/stack\s+(\S+)/)![1];
    const info = isotrope('info', stack, '--json', '--no-stats');
    expect(info.status, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({
      shape: { x: 40, y: 32, z: 6, c: 2, t: 1 },
      channels: [
        { name: 'vessels', color: '00FFFF' },
        { name: 'nuclei', color: 'FF00FF' },
      ],
      sliceProfile: { axialFwhm: 2.2, lateralFwhm: 0.8, source: 'ome-xml' },
    });
  });

  it('prints the shape of a one-channel sample, and refuses --channels 3 in one line', () => {
    const made = isotrope('sample', '--out', join(dir.path, 'one'), '--size', '16x8x2', '--no-truth');
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain('shape         16 × 8 × 2 (x × y × z), 1 channel\n');
    const refused = isotrope('sample', '--out', join(dir.path, 'three'), '--channels', '3');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr.trim()).toBe(
      'isotrope: --channels 3: expected an integer 1…2 (see isotrope sample --help)',
    );
  });
});
