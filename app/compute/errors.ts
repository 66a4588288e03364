/**
 * Tagged errors of the compute layer. Tags (not `instanceof`) survive IPC and WebSocket,
 * so callers test `isComputeError(e)` / `e.tag`. Every error names the backend so a user
 * can act on one line ("webgpu: no adapter", "tensorflow: not installed").
 */

export type ComputeErrorTag =
  | 'unknown-backend' // a name that is not in the registry
  | 'unavailable' // the backend's package or device is absent on this machine
  | 'setup-failed' // the backend loaded but would not initialise
  | 'unsupported'; // an operation this backend's kernels do not cover

export interface ComputeErrorDetails {
  backend: string;
  cause?: unknown;
}

export class ComputeError extends Error {
  override readonly name = 'ComputeError';
  readonly tag: ComputeErrorTag;
  readonly backend: string;

  constructor(tag: ComputeErrorTag, reason: string, details: ComputeErrorDetails) {
    super(
      `${details.backend}: ${reason}`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.tag = tag;
    this.backend = details.backend;
  }
}

export function isComputeError(e: unknown): e is ComputeError {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { name?: unknown }).name === 'ComputeError' &&
    typeof (e as { tag?: unknown }).tag === 'string'
  );
}

/** A short, single-line description of any thrown value, for "why" strings. */
export function describeError(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]!.trim();
}
