/**
 * Tagged errors of the volume layer. Tags (not `instanceof`) survive IPC and WebSocket,
 * so callers test `isVolumeError(e)` / `e.tag`. Every error names the file and, where it
 * applies, the plane, so a user can act on one line.
 */

export type VolumeErrorTag =
  | 'not-found' // the path does not exist or cannot be opened
  | 'not-tiff' // wrong magic bytes
  | 'truncated' // the file ends before data it announces
  | 'malformed' // structure that contradicts itself (IFD loop, bad tag values, ...)
  | 'unsupported' // valid TIFF we do not read (compression, sample format, ...)
  | 'mismatch' // planes of a folder / multi-file set disagree in size or type
  | 'empty' // a zero-sized dimension or no planes at all
  | 'out-of-range' // a request outside the volume
  | 'aborted' // the caller's AbortSignal fired
  | 'write-failed' // a writer could not write its output
  | 'exists'; // an output path already holds something we must not overwrite

export interface VolumeErrorDetails {
  file: string;
  /** Zero-based plane (IFD) index, when the problem is in one plane. */
  plane?: number;
  cause?: unknown;
}

export class VolumeError extends Error {
  override readonly name = 'VolumeError';
  readonly tag: VolumeErrorTag;
  readonly file: string;
  readonly plane: number | undefined;

  constructor(tag: VolumeErrorTag, reason: string, details: VolumeErrorDetails) {
    const where = details.plane === undefined ? details.file : `${details.file} (plane ${details.plane})`;
    super(`${where}: ${reason}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.tag = tag;
    this.file = details.file;
    this.plane = details.plane;
  }
}

export function isVolumeError(e: unknown): e is VolumeError {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { name?: unknown }).name === 'VolumeError' &&
    typeof (e as { tag?: unknown }).tag === 'string'
  );
}

/** Throws a tagged 'aborted' error when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, file: string): void {
  if (signal?.aborted) throw new VolumeError('aborted', 'read cancelled', { file, cause: signal.reason });
}
