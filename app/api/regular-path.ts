/**
 * The guard in front of every `openVolume` the engine does for a client: the path must be a
 * regular file or a folder. Opening a FIFO waits for a writer that may never come, and a device
 * or socket never ends; either would hold a thread of libuv's small pool (four by default) for
 * good, and with it every file read of the server. `stat` (asynchronous, and it never opens the
 * path) answers first, so such a path is refused before anything opens it.
 *
 * @example
 *   await assertRegularPath(path); // throws VolumeError 'unsupported' for a FIFO
 *   const volume = await openVolume(path);
 */
import { stat } from 'node:fs/promises';
import { VolumeError } from '../volume/errors.js';

/** Resolves when `path` is a regular file or a folder (or missing: openVolume then says not-found); else throws a VolumeError 'unsupported'. */
export async function assertRegularPath(path: string): Promise<void> {
  const stats = await stat(path).catch(() => undefined);
  if (!stats || stats.isFile() || stats.isDirectory()) return;
  throw new VolumeError(
    'unsupported',
    `not a regular file or folder (a ${kindOf(stats)}), so it is not opened`,
    {
      file: path,
    },
  );
}

function kindOf(stats: Awaited<ReturnType<typeof stat>>): string {
  if (stats.isFIFO()) return 'FIFO';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice()) return 'character device';
  if (stats.isBlockDevice()) return 'block device';
  return 'special file';
}
