/**
 * A zarrita file-system store whose writes are atomic and durable.
 *
 * zarrita's `FileSystemStore.set` writes the chunk file in place: a crash (kill -9, power
 * loss, a full disk) mid-write leaves a torn chunk that decodes to garbage or fails to
 * decode. A run journals a unit as done only after its chunks are on disk, so every write
 * here goes to a temp file beside the target, is fsynced, renamed over the target, and the
 * directory is fsynced. A reader therefore sees the old chunk or the new one, never a mix;
 * a crash leaves at most a `.<name>.<host>.<pid>.<n>.tmp` file, which zarrita never reads (chunk
 * keys never start with a dot) and the next write of that chunk does not need.
 */
import { dirname, join } from 'node:path';
import FileSystemStore from '@zarrita/storage/fs';
import { VolumeError } from '../errors.js';
import { syncDir, writeDurable } from '../durable-file.js';
import { makeDirectory } from '../output-folder.js';

export class AtomicFileSystemStore extends FileSystemStore {
  /** Writes `value` at `key` atomically (temp + fsync + rename + directory fsync). */
  override async set(key: `/${string}`, value: Uint8Array): Promise<void> {
    const path = join(this.root, key.replace(/^\/+/, ''));
    const dir = dirname(path);
    try {
      const created = await makeDirectory(dir);
      // A new directory's own entry must be durable too, or the renamed file vanishes with it.
      if (created !== undefined) await syncDirsUpTo(dir, dirname(created));
      await writeDurable(path, value);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const reason = code === 'ENOSPC' ? 'disk full' : `cannot write (${(e as Error).message})`;
      throw new VolumeError('write-failed', reason, { file: path, cause: e });
    }
  }
}

/** fsyncs `dir` and each parent up to and including `top`. */
async function syncDirsUpTo(dir: string, top: string): Promise<void> {
  for (let d = dir; ; d = dirname(d)) {
    await syncDir(d);
    if (d === top || dirname(d) === d) break;
  }
}
