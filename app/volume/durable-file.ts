/**
 * Atomic, durable file writes: a temp file beside the target, fsynced, renamed over it, then
 * the directory fsynced. A crash (kill -9, power loss, a full disk) leaves the old file or the
 * new one, never a torn one, plus at most a `.<name>.<pid>.<n>.tmp` leftover that `isTempFile`
 * recognises. Chunks, journaled partials, models and checkpoints all write through here.
 */
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Suffix of in-flight writes. */
export const TEMP_SUFFIX = '.tmp';

let counter = 0;

/** True for a temp file `writeDurable` leaves behind after a crash (for clean-up and copies). */
export function isTempFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

/** Writes `data` to `path` atomically and durably. @example await writeDurable('mips/u3.f32', buf) */
export async function writeDurable(path: string, data: Uint8Array | string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${counter++}${TEMP_SUFFIX}`);
  try {
    const fh = await open(temp, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  await syncDir(dirname(path));
}

/** fsync of a directory so renames in it survive power loss (a no-op where unsupported). */
export async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    /* some file systems (and Windows) cannot fsync a directory */
  } finally {
    await fh?.close();
  }
}

/** Bytes of a typed array (a view, no copy). */
export function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
