/** `isotrope backends --json` through the built CLI: the contract shape, one automatic choice, a bad --threads. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../dist/app/cli.js');
const isotrope = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('isotrope backends', () => {
  it('prints [{name, available, device, reason}] for every engine, ort-cpu available', () => {
    const r = isotrope('backends', '--json', '--threads', '1');
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(rows.map((b) => b.name)).toEqual([
      'ort-cuda',
      'ort-webgpu',
      'tensorflow',
      'webgpu',
      'ort-cpu',
      'wasm',
      'cpu',
    ]);
    for (const b of rows) expect(Object.keys(b).sort()).toEqual(['available', 'device', 'name', 'reason']);
    expect(rows.find((b) => b.name === 'ort-cpu')).toMatchObject({
      available: true,
      device: expect.stringMatching(/cpu provider, 1 thread$/),
    });
    expect(rows.filter((b) => b.reason === 'automatic choice')).toHaveLength(1);
  });

  it('refuses a bad --threads with one line on stderr and nothing on stdout', () => {
    const r = isotrope('train', 'missing.tif', '--out', 'o', '--threads', '0');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/--threads 0: expected a positive integer/),
    ]);
  });
});
