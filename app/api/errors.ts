/**
 * Tagged errors of the API layer, and the one mapping from any layer's error to the wire
 * shape `{layer, tag, message}`. Tags (not `instanceof`) survive the WebSocket.
 */
import { ZodError } from 'zod';
import { isVolumeError } from '../volume/errors.js';
import { isSrError } from '../sr/errors.js';
import { isRunError } from '../run/errors.js';
import { isComputeError } from '../compute/errors.js';
import type { ApiErrorTag, WireError } from './schemas.js';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly tag: ApiErrorTag;

  constructor(tag: ApiErrorTag, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.tag = tag;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { name?: unknown }).name === 'ApiError' &&
    typeof (e as { tag?: unknown }).tag === 'string'
  );
}

/**
 * An error that already has its wire shape: a job's failure reported by its worker process
 * (the original error object stayed in that process), passed on as it came.
 */
export class WireCarryingError extends Error {
  override readonly name = 'WireCarryingError';
  constructor(readonly wire: WireError) {
    super(wire.message);
  }
}

/** "axis: expected one of …; index: too small" from a zod failure. */
export function describeZodError(e: ZodError): string {
  return e.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/**
 * Any thrown value as it goes on the wire. Known layers keep their tag and message; anything
 * else becomes `internal` with its message (first line), so the user still learns something.
 */
export function toWireError(e: unknown): WireError {
  if (e instanceof WireCarryingError) return e.wire;
  if (isApiError(e)) return { layer: 'api', tag: e.tag, message: e.message };
  if (isVolumeError(e)) return { layer: 'volume', tag: e.tag, message: e.message };
  if (isSrError(e)) return { layer: 'sr', tag: e.tag, message: e.message };
  if (isRunError(e)) return { layer: 'run', tag: e.tag, message: e.message };
  if (isComputeError(e)) return { layer: 'compute', tag: e.tag, message: e.message };
  if (e instanceof ZodError) return { layer: 'api', tag: 'bad-request', message: describeZodError(e) };
  const message = e instanceof Error ? e.message : String(e);
  return { layer: 'api', tag: 'internal', message: message.split('\n')[0] };
}
