/**
 * Tagged errors of the super-resolution layer. Tags (not `instanceof`) survive IPC and
 * WebSocket, so callers test `isSrError(e)` / `e.tag`.
 */

export type SrErrorTag =
  | 'bad-config' // a network width/blocks/preset that cannot be built
  | 'bad-weights' // a weights file that is truncated, malformed or does not fit the network
  | 'bad-tile' // a tile size or plane that the tile plan cannot serve
  | 'bad-input' // a volume training cannot use (too small, voxel size unknown)
  | 'bad-checkpoint' // a checkpoint that is missing, corrupt, or from other input or options
  | 'exists' // MODEL_DIR already holds a model or checkpoint, and neither resume nor force was given
  | 'inference' // the network failed on a plane (backend error, out of memory); names the plane
  | 'aborted'; // the caller's AbortSignal fired

export interface SrErrorDetails {
  /** The file concerned (weights file), when there is one. */
  file?: string;
  cause?: unknown;
}

export class SrError extends Error {
  override readonly name = 'SrError';
  readonly tag: SrErrorTag;
  readonly file: string | undefined;

  constructor(tag: SrErrorTag, reason: string, details: SrErrorDetails = {}) {
    super(
      details.file ? `${details.file}: ${reason}` : reason,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.tag = tag;
    this.file = details.file;
  }
}

export function isSrError(e: unknown): e is SrError {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { name?: unknown }).name === 'SrError' &&
    typeof (e as { tag?: unknown }).tag === 'string'
  );
}
