/**
 * Atomic, durable file writes: a temp file beside the target, fsynced, renamed over it, then
 * the directory fsynced. A crash (kill -9, power loss, a full disk) leaves the old file or the
 * new one, never a torn one, plus at most a `.<name>.<host>.<pid>.<n>.tmp` leftover that
 * `isTempFile` recognises. Chunks, journaled partials, models and checkpoints all write through
 * here. Temp names carry the hostname as well as the pid: shards on different machines writing
 * into one run over NFS may share a pid, and must never share a temp file.
 */
import { hostname } from 'node:os';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Suffix of in-flight writes. */
export const TEMP_SUFFIX = '.tmp';

let counter = 0;

/** True for a temp file `writeDurable` leaves behind after a crash (for clean-up and copies). */
export function isTempFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

/** This host's name as it may appear in a file name (no separators or dots). */
function hostTag(): string {
  return hostname().replace(/[^A-Za-z0-9_-]/g, '_') || 'host';
}

/**
 * A temp name beside `path`, unique across hosts, processes and calls, that `isTempFile` recognises.
 * @example temporaryPath('run/manifest.json') // 'run/.manifest.json.node7.4211.0.tmp'
 */
export function temporaryPath(path: string): string {
  const unique = `${hostTag()}.${process.pid}.${counter++}`;
  return join(dirname(path), `.${basename(path)}.${unique}${TEMP_SUFFIX}`);
}

/** Writes `data` to a new file at `path` and fsyncs it (fails if `path` exists). */
export async function writeSynced(path: string, data: Uint8Array | string): Promise<void> {
  const fh = await open(path, 'wx');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Writes `data` to `path` atomically and durably. @example await writeDurable('mips/u3.f32', buf) */
export async function writeDurable(path: string, data: Uint8Array | string): Promise<void> {
  const temp = temporaryPath(path);
  try {
    await writeSynced(temp, data);
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  await syncDir(dirname(path));
}

/**
 * Error codes meaning "this file system cannot fsync a directory" rather than "the sync failed":
 * those are skipped; anything else (EIO, ENOSPC, EROFS, ENOENT) is a write that may not be
 * durable, and is thrown.
 */
const DIRECTORY_SYNC_UNSUPPORTED = new Set(['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/** True when `error` from opening or fsyncing a directory only says the platform cannot do it. */
export function isDirectorySyncUnsupported(error: unknown, platform: string = process.platform): boolean {
  // Windows cannot open a directory for fsync at all (EISDIR / EPERM): renames there are not made durable this way.
  if (platform === 'win32') return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DIRECTORY_SYNC_UNSUPPORTED.has(code);
}

/**
 * fsync of a directory so renames in it survive power loss. Skipped only where the platform
 * or file system cannot fsync a directory; any other failure is thrown.
 */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!isDirectorySyncUnsupported(error)) throw error;
  } finally {
    await handle?.close();
  }
}

/** Bytes of a typed array (a view, no copy). */
export function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
