/**
 * A cheap fingerprint of the input, so a resume refuses an input that changed underneath the
 * run (results would silently mix two stacks). Hashing a 100 GB stack would take minutes; size,
 * mtime and the first and last 64 KiB (header, IFDs, last planes) catch rewrites and
 * truncation in milliseconds, and the shape / dtype / voxel size catch edited metadata.
 */
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { listTiffFiles } from '../volume/index.js';
import type { Volume } from '../volume/index.js';

export interface InputFingerprint {
  bytes: number;
  /** Latest modification time, ms since the epoch. */
  mtimeMs: number;
  /** sha256 of the first and last 64 KiB (of the first and last file of a folder). */
  headTailSha256: string;
  shape: { x: number; y: number; z: number; c: number; t: number };
  dtype: string;
  voxelSize: { x: number | null; y: number | null; z: number | null };
}

const EDGE = 64 * 1024;

async function edges(
  file: string,
  size: number,
  hash: ReturnType<typeof createHash>,
  which: 'head' | 'tail' | 'both',
): Promise<void> {
  const fh = await open(file, 'r');
  try {
    const read = async (pos: number): Promise<void> => {
      const buf = Buffer.alloc(Math.min(EDGE, size));
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      hash.update(buf.subarray(0, bytesRead));
    };
    if (which !== 'tail') await read(0);
    if (which !== 'head') await read(Math.max(0, size - EDGE));
  } finally {
    await fh.close();
  }
}

/** @example const fp = await fingerprintInput(volume) // volume.path is a file or a folder of TIFFs */
export async function fingerprintInput(volume: Volume): Promise<InputFingerprint> {
  const s = await stat(volume.path);
  const hash = createHash('sha256');
  let bytes = s.size;
  let mtimeMs = s.mtimeMs;
  if (s.isDirectory()) {
    // The planes the reader stacks, in its order.
    const files = listTiffFiles(volume.path);
    hash.update(files.map((f) => basename(f)).join('\n'));
    bytes = 0;
    for (const file of files) {
      const f = await stat(file);
      bytes += f.size;
      mtimeMs = Math.max(mtimeMs, f.mtimeMs);
    }
    if (files.length > 0) {
      const first = files[0];
      const last = files[files.length - 1];
      await edges(first, (await stat(first)).size, hash, 'head');
      await edges(last, (await stat(last)).size, hash, 'tail');
    }
  } else {
    await edges(volume.path, s.size, hash, 'both');
  }
  return {
    bytes,
    mtimeMs,
    headTailSha256: hash.digest('hex'),
    shape: { ...volume.shape },
    dtype: volume.dtype,
    voxelSize: { ...volume.voxelSize },
  };
}

/** What differs between two fingerprints, in words ('' when they match). */
export function fingerprintDifference(a: InputFingerprint, b: InputFingerprint): string {
  const diffs: string[] = [];
  if (a.bytes !== b.bytes) diffs.push(`size ${a.bytes} → ${b.bytes} bytes`);
  if (a.mtimeMs !== b.mtimeMs)
    diffs.push(`modified ${new Date(a.mtimeMs).toISOString()} → ${new Date(b.mtimeMs).toISOString()}`);
  if (a.headTailSha256 !== b.headTailSha256) diffs.push('content differs');
  if (JSON.stringify(a.shape) !== JSON.stringify(b.shape)) diffs.push('shape differs');
  if (a.dtype !== b.dtype) diffs.push(`dtype ${a.dtype} → ${b.dtype}`);
  if (JSON.stringify(a.voxelSize) !== JSON.stringify(b.voxelSize)) diffs.push('voxel size differs');
  return diffs.join(', ');
}
