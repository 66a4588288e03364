/**
 * Durable writes: temp names carry host and pid (shards on NFS never collide), a directory
 * fsync that fails for a real reason is thrown, not swallowed, and only "this file system
 * cannot fsync a directory" is skipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  isDirectorySyncUnsupported,
  isTempFile,
  syncDir,
  temporaryPath,
  writeDurable,
  writeSynced,
} from '../../app/volume/durable-file.js';
import { tempDir } from '../helpers/fixtures.js';

const tmp = tempDir('isotrope-durable-');
afterAll(() => tmp.remove());

describe('durable files', () => {
  it('temp names carry the hostname and pid, are unique per call, and are recognised as temp files', () => {
    const first = temporaryPath(join(tmp.path, 'manifest.json'));
    const second = temporaryPath(join(tmp.path, 'manifest.json'));
    expect(first).not.toBe(second);
    const host = hostname().replace(/[^A-Za-z0-9_-]/g, '_');
    expect(basename(first)).toContain(`.manifest.json.${host}.${process.pid}.`);
    expect(isTempFile(basename(first))).toBe(true);
  });

  it('writeDurable leaves the file and no temp behind', async () => {
    const path = join(tmp.path, 'a.txt');
    await writeDurable(path, 'one');
    await writeDurable(path, 'two');
    expect(readFileSync(path, 'utf8')).toBe('two');
    expect(readdirSync(tmp.path).filter(isTempFile)).toEqual([]);
  });

  it('writeSynced refuses an existing file', async () => {
    const path = join(tmp.path, 'b.txt');
    await writeSynced(path, 'x');
    await expect(writeSynced(path, 'y')).rejects.toMatchObject({ code: 'EEXIST' });
  });

  it('a directory fsync that fails for a real reason is thrown', async () => {
    await expect(syncDir(join(tmp.path, 'no-such-dir'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(syncDir(tmp.path)).resolves.toBeUndefined();
  });

  it('only "cannot fsync a directory here" is skipped', () => {
    for (const code of ['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'])
      expect(isDirectorySyncUnsupported({ code }, 'linux')).toBe(true);
    for (const code of ['EIO', 'ENOSPC', 'EROFS', 'ENOENT', 'EDQUOT'])
      expect(isDirectorySyncUnsupported({ code }, 'linux')).toBe(false);
    expect(isDirectorySyncUnsupported({ code: 'EISDIR' }, 'win32')).toBe(true);
  });
});
