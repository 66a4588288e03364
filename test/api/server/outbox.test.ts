/**
 * The outbox over a fake socket whose buffer the test fills and drains by hand: direct sends
 * under the high-water mark, coalescing in place over it, must-deliver messages kept in order,
 * the bound on queued bytes and the stall timer, each giving the client up with a reason.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { coalesceKey, Outbox, type Frame, type OutboxSocket } from '../../../app/api/server/outbox.js';

/** A socket whose written frames wait in `pending` until `drain()` hands them to the "kernel". */
function fakeSocket() {
  const pending: { frame: Frame; callback: (error?: Error) => void }[] = [];
  const written: Frame[] = [];
  const socket: OutboxSocket = {
    get bufferedAmount() {
      return pending.reduce(
        (sum, { frame }) => sum + (typeof frame === 'string' ? frame.length : frame.byteLength),
        0,
      );
    },
    send: (frame, callback) => pending.push({ frame, callback }),
  };
  const drain = (): void => {
    while (pending.length > 0) {
      const next = pending.shift()!;
      written.push(next.frame);
      next.callback();
    }
  };
  return { socket, written, pending, drain };
}

const limits = { highWaterBytes: 10, maxQueuedBytes: 40, stallMs: 1000 };

afterEach(() => {
  vi.useRealTimers();
});

describe('Outbox', () => {
  it('sends at once under the high-water mark', () => {
    const { socket, pending } = fakeSocket();
    const outbox = new Outbox(socket, limits, () => undefined);
    outbox.push(['abc']);
    outbox.push(['def']);
    expect(pending.map((entry) => entry.frame)).toEqual(['abc', 'def']);
    expect(outbox.stats).toEqual({ bufferedBytes: 6, queuedBytes: 0, queuedMessages: 0 });
  });

  it('over it, queues; a keyed message replaces its queued twin in place; all goes out in order on drain', () => {
    const { socket, written, drain } = fakeSocket();
    const outbox = new Outbox(socket, limits, () => undefined);
    outbox.push(['0123456789']); // fills the buffer
    outbox.push(['p1'], 'progress 1');
    outbox.push(['job']);
    outbox.push(['p2'], 'progress 1');
    outbox.push(['q1'], 'progress 2');
    expect(outbox.stats).toMatchObject({ queuedMessages: 3, queuedBytes: 7 });
    drain();
    drain();
    expect(written).toEqual(['0123456789', 'p2', 'job', 'q1']);
    expect(outbox.stats).toEqual({ bufferedBytes: 0, queuedBytes: 0, queuedMessages: 0 });
  });

  it("keeps a binary reply's two frames together", () => {
    const { socket, written, drain } = fakeSocket();
    const outbox = new Outbox(socket, limits, () => undefined);
    outbox.push(['0123456789']);
    const bytes = new Uint8Array([1, 2, 3]);
    outbox.push(['{"header":1}', bytes]);
    outbox.push(['after']);
    drain();
    drain();
    expect(written).toEqual(['0123456789', '{"header":1}', bytes, 'after']);
  });

  it('gives the client up, with a reason, once the queue passes maxQueuedBytes; then sends nothing', () => {
    const { socket, pending } = fakeSocket();
    const reasons: string[] = [];
    const outbox = new Outbox(socket, limits, (reason) => reasons.push(reason));
    outbox.push(['0123456789']);
    for (let index = 0; index < 5; index++) outbox.push(['0123456789']);
    expect(reasons).toEqual(['the client is not reading: over 40 bytes of messages waiting']);
    expect(outbox.stats.queuedBytes).toBe(0);
    outbox.push(['more']);
    expect(pending).toHaveLength(1);
  });

  it('keyed messages never grow the queue past one per key', () => {
    const { socket } = fakeSocket();
    const reasons: string[] = [];
    const outbox = new Outbox(socket, limits, (reason) => reasons.push(reason));
    outbox.push(['0123456789']);
    for (let step = 0; step < 10_000; step++) {
      outbox.push([`a${step % 10}`], 'runProgress a');
      outbox.push([`b${step % 10}`], 'trainingMetrics b');
    }
    expect(outbox.stats).toMatchObject({ queuedMessages: 2, queuedBytes: 4 });
    expect(reasons).toEqual([]);
  });

  it('gives the client up when nothing is written for stallMs while messages wait', () => {
    vi.useFakeTimers();
    const { socket, pending } = fakeSocket();
    const reasons: string[] = [];
    const outbox = new Outbox(socket, limits, (reason) => reasons.push(reason));
    outbox.push(['0123456789']);
    outbox.push(['job']);
    vi.advanceTimersByTime(900);
    // One write completes: the client is slow, not stalled; the timer starts again.
    pending.shift()!.callback();
    outbox.push(['0123456789']);
    outbox.push(['job 2']);
    vi.advanceTimersByTime(900);
    expect(reasons).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(reasons).toEqual(['the client is not reading: nothing written for 1 s']);
  });
});

describe('coalesceKey', () => {
  it('keys progress-like events by what they describe; others have none', () => {
    expect(coalesceKey({ event: 'progress', id: 7, task: 't', fraction: 0.5 })).toBe('progress 7');
    expect(coalesceKey({ event: 'progress', id: '7' })).toBe('progress "7"');
    expect(coalesceKey({ event: 'trainingMetrics', jobId: 'j1' })).toBe('trainingMetrics j1');
    expect(coalesceKey({ event: 'runProgress', jobId: 'j1' })).toBe('runProgress j1');
    expect(coalesceKey({ event: 'previewUpdated', runDir: '/r' })).toBe('previewUpdated /r');
    for (const event of ['job', 'error', 'unitDone']) expect(coalesceKey({ event })).toBeUndefined();
    expect(coalesceKey({ id: 1, ok: true, result: {} })).toBeUndefined();
  });
});
