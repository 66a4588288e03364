/**
 * Failures as the user reads them. Transports reject with an error carrying the WireError's
 * layer, tag and message; the message already names the file, plane or run, so it is shown
 * as is. Anything else (a bug, a dropped connection) still becomes one readable line.
 */

/** One readable line for any failure: the engine's message, an Error's, or the value. */
export function readableError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string' && message.trim() !== '') return message;
    const wire = (error as { error?: { message?: unknown } }).error;
    if (wire && typeof wire.message === 'string') return wire.message;
  }
  if (typeof error === 'string' && error.trim() !== '') return error;
  return `Unexpected failure: ${String(error)}`;
}

/** True for the rejection of a call we abandoned ourselves (an AbortSignal): not worth showing. */
export function isAborted(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; tag?: unknown };
  return e.name === 'AbortError' || e.tag === 'aborted';
}
