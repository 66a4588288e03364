/**
 * Tagged errors of the run layer. Tags (not `instanceof`) survive IPC and WebSocket, so callers
 * test `isRunError(e)` / `e.tag`. Every message names the run directory or file concerned and
 * says what the user can do about it.
 */

export type RunErrorTag =
  | 'bad-input' // input, model or option the run cannot use (unreadable, no voxel size, bad --shard)
  | 'exists' // RUN_DIR already holds a run: use `isotrope resume`
  | 'not-a-run' // RUN_DIR has no manifest.json
  | 'fingerprint-changed' // the input file changed since the run was created
  | 'params-changed' // options, model or software version differ from the manifest
  | 'no-space' // not enough free disk, or ENOSPC while writing
  | 'unwritable' // RUN_DIR cannot be created or written
  | 'locked' // another live process holds this shard's lock
  | 'incomplete' // finalize / compare before every unit is journaled
  | 'aborted'; // the caller's AbortSignal fired

export interface RunErrorDetails {
  /** The run directory or file concerned. */
  file?: string;
  cause?: unknown;
}

export class RunError extends Error {
  override readonly name = 'RunError';
  readonly tag: RunErrorTag;
  readonly file: string | undefined;

  constructor(tag: RunErrorTag, reason: string, details: RunErrorDetails = {}) {
    super(
      details.file ? `${details.file}: ${reason}` : reason,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.tag = tag;
    this.file = details.file;
  }
}

export function isRunError(e: unknown): e is RunError {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { name?: unknown }).name === 'RunError' &&
    typeof (e as { tag?: unknown }).tag === 'string'
  );
}

/** True for a Node error meaning "disk full" (or quota exceeded). */
export function isNoSpace(e: unknown): boolean {
  for (let c: unknown = e; c && typeof c === 'object'; c = (c as { cause?: unknown }).cause) {
    const code = (c as { code?: unknown }).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') return true;
  }
  return false;
}

/**
 * `cause`'s message without its leading "FILE: " (or "FILE (plane k): ", kept as "plane k: "),
 * for a RunError about FILE that quotes it: tagged errors already name their file, and the
 * RunError names it once, first.
 * @example reasonOf(new VolumeError('not-tiff', 'not a TIFF file', { file: 'a.md' }), 'a.md') // 'not a TIFF file'
 */
export function reasonOf(cause: unknown, file: string): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (!message.startsWith(file)) return message;
  const rest = message.slice(file.length);
  if (rest.startsWith(': ')) return rest.slice(2);
  const plane = /^ \((plane \d+)\): ([^]*)$/.exec(rest);
  return plane ? `${plane[1]}: ${plane[2]}` : message;
}

/** The words for a file-system failure, shared with the volume layer's output folders. */
export { fileProblem } from '../options/index.js';
