/** Table 2 in-process and through the built CLI: valid network seamless, padded network not. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSample } from '../../app/sample/generate.js';
import { table2 } from '../../app/sr/table2.js';
import { openVolume } from '../../app/volume/open.js';
import { backendFixture } from '../compute/backend-fixture.js';
import { tempDir } from '../helpers/fixtures.js';

const dir = tempDir();
let stack = '';
beforeAll(async () => {
  stack = (await generateSample(dir.path, { size: { x: 150, y: 140, z: 6 }, seed: 2, groundTruth: false }))
    .stack;
});
afterAll(() => dir.remove());

describe('table2', () => {
  const wasm = backendFixture('wasm');

  it('valid network: tiled equals whole (MSE 0); padded: seams that shrink with tile size', async () => {
    expect(await wasm.use(), wasm.why).toBeDefined();
    const volume = await openVolume(stack);
    const rows = await table2(volume, { preset: 'tiny', planes: 2 });
    await volume.close();
    expect(rows).toHaveLength(8);
    for (const r of rows.filter((r) => r.network === 'valid')) expect(r.mse).toBe(0);
    const padded = Object.fromEntries(
      rows.filter((r) => r.network === 'padded').map((r) => [String(r.tile), r.mse]),
    );
    expect(padded['32']).toBeGreaterThan(0);
    expect(padded['32']).toBeGreaterThan(padded['128']);
    expect(padded.full).toBe(0);
    for (const r of rows) expect(r.seconds).toBeGreaterThan(0);
  }, 60_000);
});

describe('isotrope table2 --json', () => {
  it('prints the contract shape', () => {
    const r = spawnSync(
      process.execPath,
      [
        join(import.meta.dirname, '../../dist/app/cli.js'),
        'table2',
        stack,
        '--json',
        '--preset',
        'tiny',
        '--planes',
        '1',
        '--backend',
        'wasm',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.backend).toBe('wasm');
    expect(out.rows.map((x: { network: string; tile: unknown }) => `${x.network}:${x.tile}`)).toEqual([
      'valid:32',
      'valid:64',
      'valid:128',
      'valid:full',
      'padded:32',
      'padded:64',
      'padded:128',
      'padded:full',
    ]);
    for (const row of out.rows) {
      expect(typeof row.mse).toBe('number');
      expect(typeof row.seconds).toBe('number');
    }
  }, 60_000);
});
