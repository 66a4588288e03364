/**
 * Free-space check before a run starts (and before a resume continues): an overnight run that
 * dies of a full disk at 3 a.m. wastes the night. The estimate is the raw output size × 0.7
 * (zstd on microscopy data; SR output compresses less than the input's noise-free parts)
 * plus the MIP and preview partials.
 */
import { statfs } from 'node:fs/promises';
import { RunError } from './errors.js';

/** Bytes of estimated compressed output for `voxels` output voxels of `bytesPerVoxel`. */
export function estimateOutputBytes(voxels: number, bytesPerVoxel: number): number {
  return Math.ceil(voxels * bytesPerVoxel * 0.7);
}

/** Free bytes available to this user on the filesystem holding `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

const gb = (b: number): string => `${(b / 1e9).toFixed(2)} GB`;

/** Throws 'no-space' when `dir`'s filesystem has less than `needed` bytes free. */
export async function requireSpace(dir: string, needed: number): Promise<void> {
  const free = await freeBytes(dir);
  if (free < needed) {
    throw new RunError(
      'no-space',
      `needs about ${gb(needed)} free for the output, only ${gb(free)} available: free space or choose another --out`,
      { file: dir },
    );
  }
}
