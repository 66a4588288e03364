/**
 * Durable small-file writes for the run directory: write a temp file, fsync it, rename it over
 * the target, fsync the directory. A crash leaves either the old file or the new one, never a
 * torn one, so anything the journal points at is whole.
 */
import { open, rename, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

/** Writes `data` to `path` atomically and durably. @example await writeDurable('mips/u3.f32', buf) */
export async function writeDurable(path: string, data: Uint8Array | string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fh = await open(temp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  await fh.close();
  await rename(temp, path);
  await syncDir(dirname(path));
}

/** fsync of a directory so a rename in it survives power loss (a no-op where unsupported). */
export async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try { await fh.sync(); } finally { await fh.close(); }
  } catch { /* some filesystems (and Windows) cannot fsync a directory */ }
}

/** Bytes of a typed array (a view, no copy). */
export function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
