/**
 * A zarrita file-system store whose writes are atomic and durable.
 *
 * zarrita's `FileSystemStore.set` writes the chunk file in place: a crash (kill -9, power
 * loss, a full disk) mid-write leaves a torn chunk that decodes to garbage or fails to
 * decode. A run journals a unit as done only after its chunks are on disk, so every write
 * here goes to a temp file beside the target, is fsynced, renamed over the target, and the
 * directory is fsynced. A reader therefore sees the old chunk or the new one, never a mix;
 * a crash leaves at most a `.<name>.<pid>.<n>.tmp` file, which zarrita never reads (chunk
 * keys never start with a dot) and the next write of that chunk does not need.
 */
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import FileSystemStore from '@zarrita/storage/fs';
import { VolumeError } from '../errors.js';

/** Suffix of in-flight writes; `isTempFile` recognises leftovers of a crash. */
export const TEMP_SUFFIX = '.tmp';

let counter = 0;

/** True for a temp file this store writes (for clean-up tools and tests). */
export function isTempFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

export class AtomicFileSystemStore extends FileSystemStore {
  /** Writes `value` at `key` atomically (temp + fsync + rename + directory fsync). */
  override async set(key: `/${string}`, value: Uint8Array): Promise<void> {
    const path = join(this.root, key.replace(/^\/+/, ''));
    const dir = dirname(path);
    const temp = join(dir, `.${basename(path)}.${process.pid}.${counter++}${TEMP_SUFFIX}`);
    try {
      const created = await mkdir(dir, { recursive: true });
      // A new directory's own entry must be durable too, or the renamed file vanishes with it.
      if (created !== undefined) await syncDirsUpTo(dir, dirname(created));
      const fh = await open(temp, 'w');
      try {
        await fh.writeFile(value);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(temp, path);
      await syncDir(dir);
    } catch (e) {
      await unlink(temp).catch(() => undefined);
      const code = (e as NodeJS.ErrnoException).code;
      const reason = code === 'ENOSPC' ? 'disk full' : `cannot write (${(e as Error).message})`;
      throw new VolumeError('write-failed', reason, { file: path, cause: e });
    }
  }
}

/** fsync of a directory so renames in it survive power loss (a no-op where unsupported). */
export async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch { /* some file systems (and Windows) cannot fsync a directory */ } finally {
    await fh?.close();
  }
}

/** fsyncs `dir` and each parent up to and including `top`. */
async function syncDirsUpTo(dir: string, top: string): Promise<void> {
  for (let d = dir; ; d = dirname(d)) {
    await syncDir(d);
    if (d === top || dirname(d) === d) break;
  }
}
