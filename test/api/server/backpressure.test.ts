/**
 * Backpressure on event broadcast, against a client that does not read (a raw WebSocket whose
 * socket is paused): once its buffers are full, progress-like events coalesce to one per key,
 * job events queue, the queue stays under its bound, and past the bound (or stalled past
 * `stallMs`) the client is closed while a good client goes on being served.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../app/api/engine.js';
import type { ApiEvent } from '../../../app/api/schemas.js';
import { startServer, WS_PATH, type RunningServer } from '../../../app/api/server.js';
import type { OutboxLimits } from '../../../app/api/server/outbox.js';
import { tempDir } from '../../helpers/fixtures.js';
import { connect } from '../client.js';
import { closed, rawWebSocket } from './raw-peer.js';

/** An engine whose events the test fires itself. */
class FiringEngine extends Engine {
  fire(event: ApiEvent): void {
    this.emit(event);
  }
}

const dir = tempDir();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** 16 KiB of padding, so that a few hundred events fill the kernel's socket buffers. */
const PAD = 'p'.repeat(16 * 1024);

const runProgress = (jobId: string, unitsDone: number): ApiEvent =>
  ({
    event: 'runProgress',
    jobId,
    runDir: PAD,
    unitsDone,
    unitsTotal: 1_000_000,
    voxelsPerSecond: 1,
    etaSeconds: null,
  }) as ApiEvent;
const previewUpdated = (runDir: string, unitsDone: number): ApiEvent => ({
  event: 'previewUpdated',
  runDir: `${runDir}${PAD}`,
  unitsDone,
  unitsTotal: 1_000_000,
});
const jobEvent = (index: number): ApiEvent =>
  ({
    event: 'job',
    job: { id: `job-${index}`, kind: 'run', state: 'running', note: PAD },
  }) as unknown as ApiEvent;

async function stalledClient(limits: Partial<OutboxLimits>) {
  const engine = new FiringEngine({ stateDir: dir.path });
  const server: RunningServer = await startServer({ port: 0, engine, outboxLimits: limits });
  cleanups.push(() => engine.close());
  cleanups.push(() => server.close());
  const socket = await rawWebSocket(server.port, `${WS_PATH}?token=${server.token}`);
  socket.on('error', () => undefined);
  socket.pause();
  cleanups.push(() => void socket.destroy());
  await until(() => server.connections().length === 1);
  const stats = () => server.connections()[0];
  // Fill the kernel's buffers and the socket's own, until the outbox starts to queue.
  for (let index = 0; stats() && stats()!.queuedMessages === 0; index++) {
    if (index > 100_000) throw new Error('the outbox never queued');
    engine.fire(runProgress('filler', index));
    if (index % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
  }
  return { engine, server, socket, stats };
}

const until = async (condition: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('event backpressure', () => {
  it('coalesces progress-like events to the latest per key; job events queue under the bound; past it the client is closed', async () => {
    const limits = { highWaterBytes: 64 * 1024, maxQueuedBytes: 2 << 20, stallMs: 60_000 };
    const { engine, server, socket, stats } = await stalledClient(limits);

    for (let step = 0; step < 5000; step++) {
      engine.fire(runProgress('filler', step));
      engine.fire(runProgress('job-a', step));
      engine.fire(previewUpdated('run-a', step));
    }
    const coalesced = stats()!;
    // One queued message per key (filler, job-a, run-a), whatever the number of events.
    expect(coalesced.queuedMessages).toBe(3);
    expect(coalesced.queuedBytes).toBeLessThan(3 * (PAD.length + 1024));
    expect(coalesced.bufferedBytes).toBeLessThan(limits.highWaterBytes + PAD.length + 1024);

    // Job events are never coalesced: they queue, up to the bound.
    let fired = 0;
    while (server.connections().length > 0) {
      const now = stats()!;
      expect(now.queuedBytes).toBeLessThanOrEqual(limits.maxQueuedBytes);
      engine.fire(jobEvent(fired++));
      if (fired > 10_000) throw new Error('the stalled client was never closed');
    }
    // The bound is 2 MiB of 16 KiB events: about 128 of them, not the thousands fired.
    expect(fired).toBeGreaterThan(100);
    expect(fired).toBeLessThan(200);
    socket.resume();
    await closed(socket);

    // A good client is still served and still gets events.
    const good = await connect(`ws://127.0.0.1:${server.port}${WS_PATH}?token=${server.token}`);
    cleanups.push(() => good.close());
    expect(await good.call('health')).toMatchObject({ ok: true });
  }, 60_000);

  it('closes a client that stays stalled past stallMs', async () => {
    const limits = { highWaterBytes: 64 * 1024, maxQueuedBytes: 64 << 20, stallMs: 300 };
    const { server, socket } = await stalledClient(limits);
    await until(() => server.connections().length === 0, 5000);
    // Its socket is destroyed soon after, whether it reads its close frame or not.
    socket.resume();
    await closed(socket);
  }, 60_000);

  it('a client that reads gets every job event, in order, and the latest progress', async () => {
    const engine = new FiringEngine({ stateDir: dir.path });
    const server = await startServer({ port: 0, engine });
    cleanups.push(() => engine.close());
    cleanups.push(() => server.close());
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${WS_PATH}?token=${server.token}`);
    cleanups.push(() => ws.close());
    const received: { event: string; job?: { id: string }; unitsDone?: number }[] = [];
    ws.on('message', (data) => received.push(JSON.parse(String(data))));
    await new Promise((resolve) => ws.once('open', resolve));
    for (let index = 0; index < 300; index++) {
      engine.fire(jobEvent(index));
      engine.fire(runProgress('job-a', index));
    }
    await until(() => received.filter((event) => event.event === 'job').length === 300);
    const jobs = received.filter((event) => event.event === 'job').map((event) => event.job!.id);
    expect(jobs).toEqual(Array.from({ length: 300 }, (_, index) => `job-${index}`));
    await until(() => received.some((event) => event.event === 'runProgress' && event.unitsDone === 299));
  }, 60_000);
});
