/**
 * An export never replaces what is at its output path without force, and with force only a
 * file or (for zarr, ome-zarr-v2) a Zarr store: never an ordinary folder. Refusals are one-line 'exists'
 * errors naming the path; nothing is left beside the target.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTIAL_ATTRIBUTE, exportVolume } from '../../app/volume/export.js';
import { checkExportTarget } from '../../app/volume/export-target.js';
import { EXPORT_FORMATS } from '../../app/volume/export-options.js';
import { openVolume } from '../../app/volume/open.js';
import { createOmeZarr, fullBox } from '../../app/volume/zarr/index.js';
import { randomStack, tempDir } from '../helpers/fixtures.js';

const tmp = tempDir('isotrope-export-target-');
const shape = { x: 12, y: 10, z: 4 };
let source: string;

beforeAll(async () => {
  source = join(tmp.path, 'source.zarr');
  const store = await createOmeZarr(source, {
    shape,
    chunk: { x: 12, y: 10, z: 2 },
    dtype: 'uint16',
    voxelSize: { x: 0.5, y: 0.5, z: 0.5 },
  });
  await store.writeBox(0, fullBox(shape), randomStack('uint16', shape.x, shape.y, shape.z, 3));
});
afterAll(() => tmp.remove());

async function exported(out: string, options: Parameters<typeof exportVolume>[2]): Promise<unknown> {
  const volume = await openVolume(source);
  try {
    await exportVolume(volume, out, options);
    return undefined;
  } catch (e) {
    return e;
  } finally {
    await volume.close();
  }
}

function expectExists(refusal: unknown, out: string): void {
  expect(refusal).toMatchObject({ name: 'VolumeError', tag: 'exists' });
  expect((refusal as Error).message).toContain(out);
  expect((refusal as Error).message.split('\n')).toHaveLength(1);
}

describe('export targets', () => {
  for (const format of ['ome-tiff', 'tiff'] as const) {
    it(`${format}: an existing file is refused without force and replaced with it`, async () => {
      const out = join(tmp.path, `taken-${format}.tif`);
      writeFileSync(out, 'precious');
      expectExists(await exported(out, { format }), out);
      expect(readFileSync(out, 'utf8')).toBe('precious');
      expect(await exported(out, { format, force: true })).toBeUndefined();
      expect((await openVolume(out)).shape).toMatchObject(shape);
      expect(readdirSync(tmp.path).filter((n) => n.includes('.part'))).toEqual([]);
    });
  }

  it('zarr: an existing store is refused without force and replaced with it', async () => {
    const out = join(tmp.path, 'copy.zarr');
    expect(await exported(out, { format: 'zarr' })).toBeUndefined();
    expectExists(await exported(out, { format: 'zarr' }), out);
    expect(await exported(out, { format: 'zarr', force: true })).toBeUndefined();
    expect((await openVolume(out)).shape).toMatchObject(shape);
    expect(readdirSync(tmp.path).filter((n) => n.includes('.part') || n.includes('.old'))).toEqual([]);
  });

  it('an ordinary folder is never replaced, even with force', async () => {
    const folder = join(tmp.path, 'data');
    mkdirSync(folder);
    writeFileSync(join(folder, 'notes.txt'), 'keep me');
    for (const format of EXPORT_FORMATS) {
      expectExists(await exported(folder, { format, force: true }), folder);
      expectExists(await exported(folder, { format }), folder);
    }
    expect(readFileSync(join(folder, 'notes.txt'), 'utf8')).toBe('keep me');
    // A Zarr store is not a TIFF file either.
    await expect(checkExportTarget(source, 'ome-tiff', true)).rejects.toMatchObject({ tag: 'exists' });
  });

  it('a partial export says so: in the OME-XML description, the ImageJ description, the Zarr attributes', async () => {
    const partial = { unitsDone: 3, unitsTotal: 8 };
    const ome = join(tmp.path, 'partial.ome.tif');
    expect(await exported(ome, { format: 'ome-tiff', partial })).toBeUndefined();
    const omeText = readFileSync(ome).toString('latin1');
    expect(omeText).toMatch(/<Description>partial: 3 of 8 units of the run were done/);
    const imagej = join(tmp.path, 'partial.tif');
    expect(await exported(imagej, { format: 'tiff', partial })).toBeUndefined();
    expect(readFileSync(imagej).toString('latin1')).toContain('isotrope_partial=3/8');
    expect((await openVolume(imagej)).shape).toMatchObject(shape);
    const zarr = join(tmp.path, 'partial.zarr');
    expect(await exported(zarr, { format: 'zarr', partial })).toBeUndefined();
    const root = JSON.parse(readFileSync(join(zarr, 'zarr.json'), 'utf8')) as {
      attributes: Record<string, unknown>;
    };
    expect(root.attributes[PARTIAL_ATTRIBUTE]).toEqual(partial);
    expect((await openVolume(zarr)).shape).toMatchObject(shape);
    // A complete export carries no such mark.
    const whole = join(tmp.path, 'whole.ome.tif');
    expect(await exported(whole, { format: 'ome-tiff' })).toBeUndefined();
    expect(readFileSync(whole).toString('latin1')).not.toContain('partial:');
  });
});
