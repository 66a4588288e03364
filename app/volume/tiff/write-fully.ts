/** Positioned writes that finish or fail loudly: shared by the TIFF writers. */
import type { FileHandle } from 'node:fs/promises';
import { VolumeError } from '../errors.js';

/** Writes all of `bytes` at `position` (short writes continue); ENOSPC becomes a tagged "disk full". */
export async function writeFully(
  fh: FileHandle,
  bytes: Uint8Array,
  position: number,
  file: string,
  plane?: number,
): Promise<void> {
  try {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await fh.write(bytes, done, bytes.length - done, position + done);
      if (bytesWritten === 0) throw new Error('no progress writing');
      done += bytesWritten;
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOSPC' ? 'disk full' : `write failed (${(e as Error).message})`;
    throw new VolumeError('write-failed', reason, { file, plane, cause: e });
  }
}
