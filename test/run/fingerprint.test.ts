/** Input fingerprints: a folder of planes is fingerprinted as the reader stacks it. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintInput } from '../../app/run/fingerprint.js';
import { writeTiffStack } from '../../app/volume/tiff/writer.js';
import { openVolume } from '../../app/volume/open.js';
import { tempDir } from '../helpers/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

describe('fingerprintInput', () => {
  it('changes when a plane of a folder changes, and ignores other files', async () => {
    const folder = join(dir.path, 'planes');
    mkdirSync(folder);
    for (let z = 0; z < 3; z++)
      await writeTiffStack(join(folder, `z${z}.tif`), [new Uint16Array(16 * 8).fill(z)], {
        width: 16,
        height: 8,
        dtype: 'uint16',
      });
    const v = await openVolume(folder);
    const a = await fingerprintInput(v);
    expect(await fingerprintInput(v)).toEqual(a);
    writeFileSync(join(folder, 'notes.txt'), 'not a plane');
    expect((await fingerprintInput(v)).headTailSha256).toBe(a.headTailSha256);
    await writeTiffStack(join(folder, 'z2.tif'), [new Uint16Array(16 * 8).fill(9)], {
      width: 16,
      height: 8,
      dtype: 'uint16',
    });
    expect((await fingerprintInput(v)).headTailSha256).not.toBe(a.headTailSha256);
    await v.close();
  });
});
