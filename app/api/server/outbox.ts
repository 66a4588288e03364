/**
 * What the server sends one WebSocket client, with backpressure. While the socket's own buffer
 * (`bufferedAmount`) is under a high-water mark, a message goes out at once. Over it, messages
 * wait in a queue: a progress-like message (request progress, trainingMetrics, runProgress,
 * previewUpdated) replaces the one of its key still waiting, so a slow client gets the latest
 * figures, not every step; every other message (replies, job, error and unitDone events) waits
 * its turn and is never dropped. The queue is bounded: past `maxQueuedBytes`, or when no write
 * completes for `stallMs` while messages wait, the client is given up (`onStalled`), so one
 * client that stops reading costs the server a bounded amount of memory.
 *
 * @example
 *   const outbox = new Outbox(ws, DEFAULT_OUTBOX_LIMITS, (reason) => ws.close(1008, reason));
 *   outbox.push([JSON.stringify(event)], coalesceKey(event));
 */

/** One WebSocket frame: text (a string) or binary (bytes). */
export type Frame = string | Uint8Array;

/** What the outbox needs of a socket: `ws`'s WebSocket fits. */
export interface OutboxSocket {
  /** Bytes accepted by `send` but not yet handed to the operating system. */
  readonly bufferedAmount: number;
  /** Sends one frame; `callback` runs once it is written out (or failed). */
  send(frame: Frame, callback: (error?: Error) => void): void;
}

export interface OutboxLimits {
  /** Socket buffer (bytes) over which messages queue instead of going out. */
  highWaterBytes: number;
  /** Queued bytes over which the client is given up. */
  maxQueuedBytes: number;
  /** How long (ms) messages may wait with no write completing before the client is given up. */
  stallMs: number;
}

/**
 * 1 MiB of socket buffer before queueing (a few planes' worth of events, far more than a client
 * that reads ever lags); 64 MiB of queue, so that a slow client may still fetch a few large
 * planes; 30 s without progress, long enough for a paused laptop lid or a busy UI thread.
 */
export const DEFAULT_OUTBOX_LIMITS: OutboxLimits = {
  highWaterBytes: 1 << 20,
  maxQueuedBytes: 64 << 20,
  stallMs: 30_000,
};

/** What the server has sent a client and not yet seen written out (for status and tests). */
export interface OutboxStats {
  /** Bytes in the socket's own buffer. */
  bufferedBytes: number;
  /** Bytes waiting in the outbox's queue. */
  queuedBytes: number;
  /** Messages waiting in the outbox's queue. */
  queuedMessages: number;
}

interface Queued {
  frames: readonly Frame[];
  bytes: number;
  key: string | undefined;
}

/** The key a progress-like message coalesces under, or undefined for one that must be delivered. */
export function coalesceKey(message: { event?: unknown } & Record<string, unknown>): string | undefined {
  switch (message.event) {
    case 'progress':
      return `progress ${JSON.stringify(message.id)}`;
    case 'trainingMetrics':
    case 'runProgress':
      return `${message.event} ${String(message.jobId)}`;
    case 'previewUpdated':
      return `previewUpdated ${String(message.runDir)}`;
    default:
      return undefined;
  }
}

export class Outbox {
  private readonly queue: Queued[] = [];
  /** The queued message of each coalescing key (one per key at most). */
  private readonly byKey = new Map<string, Queued>();
  private bytesQueued = 0;
  private stallTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    private readonly socket: OutboxSocket,
    private readonly limits: OutboxLimits,
    private readonly onStalled: (reason: string) => void,
  ) {}

  /**
   * Sends `frames` (one message: a binary reply is its header and its bytes, kept together), or
   * queues them. With a `key`, they replace a queued message of the same key in its place, so
   * the newest figures never arrive after a later event that had overtaken them.
   */
  push(frames: readonly Frame[], key?: string): void {
    if (this.disposed) return;
    const bytes = frames.reduce((sum, frame) => sum + byteLength(frame), 0);
    const waiting = key === undefined ? undefined : this.byKey.get(key);
    if (waiting) {
      this.bytesQueued += bytes - waiting.bytes;
      waiting.frames = frames;
      waiting.bytes = bytes;
      return;
    }
    if (this.queue.length === 0 && this.socket.bufferedAmount < this.limits.highWaterBytes) {
      this.write(frames);
      return;
    }
    const queued: Queued = { frames, bytes, key };
    this.queue.push(queued);
    if (key !== undefined) this.byKey.set(key, queued);
    this.bytesQueued += bytes;
    this.stallTimer ??= setTimeout(() => this.giveUp(this.stalledReason()), this.limits.stallMs);
    if (this.bytesQueued > this.limits.maxQueuedBytes)
      this.giveUp(
        `the client is not reading: over ${sizeText(this.limits.maxQueuedBytes)} of messages waiting`,
      );
  }

  get stats(): OutboxStats {
    return {
      bufferedBytes: this.socket.bufferedAmount,
      queuedBytes: this.bytesQueued,
      queuedMessages: this.queue.length,
    };
  }

  /** Drops everything queued and sends nothing more (the socket is gone). */
  dispose(): void {
    this.disposed = true;
    this.queue.length = 0;
    this.byKey.clear();
    this.bytesQueued = 0;
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }

  private write(frames: readonly Frame[]): void {
    // Each completed write is a chance to send what waits: the socket has room again.
    for (const frame of frames) this.socket.send(frame, (error) => this.written(error));
  }

  private written(error: Error | undefined): void {
    // A failed write means the socket is closing; its 'close' disposes the outbox.
    if (error || this.disposed) return;
    this.stallTimer?.refresh();
    this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0 && this.socket.bufferedAmount < this.limits.highWaterBytes) {
      const next = this.queue.shift()!;
      if (next.key !== undefined) this.byKey.delete(next.key);
      this.bytesQueued -= next.bytes;
      this.write(next.frames);
    }
    if (this.queue.length > 0) return;
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }

  private stalledReason(): string {
    return `the client is not reading: nothing written for ${Math.round(this.limits.stallMs / 1000)} s`;
  }

  private giveUp(reason: string): void {
    if (this.disposed) return;
    this.dispose();
    this.onStalled(reason);
  }
}

function byteLength(frame: Frame): number {
  return typeof frame === 'string' ? Buffer.byteLength(frame) : frame.byteLength;
}

/** "64 MiB", "512 KiB" or "40 bytes". */
function sizeText(bytes: number): string {
  if (bytes >= 1 << 20) return `${Math.round(bytes / (1 << 20))} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}
