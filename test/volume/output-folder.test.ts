/**
 * makeDirectory and requireWritableFolder: folders made from the deepest existing one down,
 * and any path where a folder cannot be made refused at once with the errno in words (Node's
 * recursive mkdir never returned for /proc/x).
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDirectory, requireWritableFolder } from '../../app/volume/index.js';
import { tempDir } from '../helpers/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());
const file = join(dir.path, 'a-file');
writeFileSync(file, 'not a folder\n');

describe('makeDirectory', () => {
  it('makes every missing folder and returns the first one it made, as Node’s mkdir does', async () => {
    const deep = join(dir.path, 'a', 'b', 'c');
    expect(await makeDirectory(deep)).toBe(join(dir.path, 'a'));
    expect(statSync(deep).isDirectory()).toBe(true);
    expect(await makeDirectory(deep)).toBeUndefined();
  });

  it('refuses a path under a file (ENOTDIR) and a file itself (EEXIST)', async () => {
    await expect(makeDirectory(join(file, 'x', 'y'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(makeDirectory(file)).rejects.toMatchObject({ code: 'EEXIST' });
  });

  it.skipIf(!existsSync('/proc/self'))(
    'refuses /proc/x (ENOENT) rather than looping (needs Linux /proc)',
    async () => {
      await expect(makeDirectory('/proc/x/y')).rejects.toMatchObject({ code: 'ENOENT' });
    },
  );
});

describe('requireWritableFolder', () => {
  it('creates a writable folder and leaves nothing in it', async () => {
    const out = join(dir.path, 'out');
    await requireWritableFolder(out, 'choose another --out');
    expect(statSync(out).isDirectory()).toBe(true);
    expect(readdirSync(out)).toEqual([]);
  });

  it('says why a folder cannot be written, in words, and what to do', async () => {
    const out = join(file, 'out');
    await expect(requireWritableFolder(out, 'choose another --out')).rejects.toMatchObject({
      name: 'VolumeError',
      tag: 'write-failed',
      message: `${out}: cannot write this folder: a file stands where a folder of the path should be (ENOTDIR): choose another --out`,
    });
  });
});
