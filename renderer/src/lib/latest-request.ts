/**
 * Only the latest request counts: starting one aborts the one before it. A slider being
 * dragged asks for plane after plane; the engine stops reading the stale ones and their late
 * answers are never drawn.
 *
 * @example
 *   const planes = new LatestRequest();
 *   const signal = planes.next();
 *   const plane = await client.call('readPlaneBinned', args, { signal });
 *   if (planes.isCurrent(signal)) draw(plane);
 */
export class LatestRequest {
  private controller: AbortController | null = null;

  /** A signal for a new request; the previous request's signal is aborted. */
  next(): AbortSignal {
    this.controller?.abort();
    this.controller = new AbortController();
    return this.controller.signal;
  }

  /** Whether the request with this signal is still the latest one (not superseded or cancelled). */
  isCurrent(signal: AbortSignal): boolean {
    return this.controller?.signal === signal && !signal.aborted;
  }

  /** Aborts the request in flight, if any (on unmount, or Esc). */
  cancel(): void {
    this.controller?.abort();
    this.controller = null;
  }
}
