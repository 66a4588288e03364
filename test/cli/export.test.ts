/** The real CLI (built JavaScript, a child process): `isotrope export RUN_DIR` reads RUN_DIR/output.zarr. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVolume } from '../../app/volume/open.js';
import { createOmeZarr, fullBox } from '../../app/volume/zarr/index.js';
import { planeOf, randomStack, tempDir } from '../helpers/fixtures.js';
import { handmadeRun } from '../run/handmade-run.js';
import { cliRunner, ensureBuiltCli } from '../helpers/cli-process.js';

const dir = tempDir();
afterAll(() => dir.remove());
const run = join(dir.path, 'run');
const shape = { x: 20, y: 12, z: 6 };
const stack = randomStack('uint16', shape.x, shape.y, shape.z, 4);

const isotrope = cliRunner();

beforeAll(async () => {
  ensureBuiltCli();
  const store = await createOmeZarr(join(run, 'output.zarr'), {
    shape,
    chunk: { x: 20, y: 8, z: 4 },
    dtype: 'uint16',
    voxelSize: { x: 0.3, y: 0.3, z: 0.3 },
  });
  await store.writeBox(0, fullBox(shape), stack);
}, 120_000);

describe('isotrope export', () => {
  for (const format of ['ome-tiff', 'tiff', 'zarr', 'ome-zarr-v2']) {
    it(`--format ${format} writes a file openVolume reads back exactly`, async () => {
      const out = join(dir.path, `out-${format}${format.includes('zarr') ? '.zarr' : '.tif'}`);
      const r = isotrope('export', run, '--format', format, '--out', out, '--json');
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({
        out,
        format,
        dtype: 'uint16',
        shape: { ...shape, c: 1, t: 1 },
      });
      const v = await openVolume(out);
      expect(v.voxelSize.z).toBeCloseTo(0.3, 6);
      expect(Array.from(await v.readPlaneXY(5))).toEqual(Array.from(planeOf(stack, shape.x, shape.y, 5)));
      await v.close();
    });
  }

  it('fails with one line naming the path when there is nothing to export', () => {
    const r = isotrope('export', join(dir.path, 'no-such-run'), '--out', join(dir.path, 'x.tif'));
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no-such-run/);
  });

  it('never overwrites without --force: an existing --out is refused with one line, --force replaces it', async () => {
    const out = join(dir.path, 'taken.ome.tif');
    writeFileSync(out, 'precious');
    const refused = isotrope('export', run, '--out', out);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/taken\.ome\.tif.*already exists.*--force/);
    expect(readFileSync(out, 'utf8')).toBe('precious');
    const forced = isotrope('export', run, '--out', out, '--force');
    expect(forced.status, forced.stderr).toBe(0);
    const v = await openVolume(out);
    expect(v.shape).toMatchObject(shape);
    await v.close();
  }, 60_000); // three CLI processes: over 5 s on a loaded 2-core machine

  it('an incomplete run is exported only with --partial, and the file then says so', async () => {
    const half = join(dir.path, 'half-run');
    await handmadeRun(half, [0, 2]);
    const out = join(dir.path, 'half.ome.tif');
    const refused = isotrope('export', half, '--out', out);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/2 of 4 units are not done yet.*--partial/);
    expect(existsSync(out)).toBe(false);
    const partial = isotrope('export', half, '--out', out, '--partial', '--json');
    expect(partial.status, partial.stderr).toBe(0);
    expect(JSON.parse(partial.stdout)).toMatchObject({ partial: { unitsDone: 2, unitsTotal: 4 } });
    expect(readFileSync(out).toString('latin1')).toMatch(/<Description>partial: 2 of 4 units/);
  });
});
