/**
 * The supervisor keeps the engine host alive: a real forked engine host is killed, its call in
 * flight rejects with a readable typed error, listeners hear that the engine is restarting,
 * and the next call works on a new host. Backoff grows with repeated crashes.
 */
import type { ChildProcess } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HostPort } from '../../app/api/host-client.js';
import type { ApiEvent } from '../../app/api/schemas.js';
import { EngineSupervisor } from '../../main/engine-supervisor.js';
import { ensureEngineHostBuilt, exited, forkEngineHost } from './engine-host.js';

beforeAll(() => ensureEngineHostBuilt(), 180_000);

let supervisor: EngineSupervisor | undefined;
afterEach(() => {
  supervisor?.close();
  supervisor = undefined;
  vi.useRealTimers();
});

describe('EngineSupervisor with a real engine host', () => {
  it('restarts a crashed host: the call in flight fails readably, the renderer is told, the next call works', async () => {
    const children: ChildProcess[] = [];
    const crashes: unknown[] = [];
    supervisor = new EngineSupervisor({
      spawn: () => forkEngineHost(children),
      backoffMs: () => 50,
      onCrash: (c) => crashes.push(c),
    });
    const events: ApiEvent[] = [];
    supervisor.onEvent((e) => events.push(e));

    expect(await supervisor.call('health', {})).toMatchObject({
      version: expect.any(String),
      backend: 'not started',
    });
    // Generating the sample takes seconds: long enough to be in flight when the host dies.
    const inFlight = supervisor.call('openSample', {});
    await new Promise((r) => setTimeout(r, 200));
    children[0].kill('SIGKILL');

    const error = await inFlight.catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'EngineCallError', layer: 'api', tag: 'internal' });
    expect((error as Error).message).toMatch(
      /engine process stopped unexpectedly .* while this call was running; try again/,
    );
    expect(events).toContainEqual({
      event: 'error',
      error: { layer: 'api', tag: 'internal', message: expect.stringMatching(/restarting it in 0\.1 s/) },
    });
    expect(crashes).toEqual([{ code: null, attempt: 1, delayMs: 50 }]);

    expect(await supervisor.call('health', {})).toMatchObject({ version: expect.any(String) });
    expect(children).toHaveLength(2);
    expect(children[1].pid).not.toBe(children[0].pid);

    supervisor.close();
    await exited(children[1]);
    await expect(supervisor.call('health', {})).rejects.toMatchObject({
      tag: 'internal',
      message: expect.stringContaining('shut down'),
    });
    expect(children).toHaveLength(2);
  }, 60_000);

  it('answers calls made while the host restarts once the new one is up', async () => {
    const children: ChildProcess[] = [];
    supervisor = new EngineSupervisor({ spawn: () => forkEngineHost(children), backoffMs: () => 300 });
    await supervisor.call('health', {});
    children[0].kill('SIGKILL');
    await exited(children[0]);
    const during = supervisor.call('health', {});
    expect(children).toHaveLength(1);
    expect(await during).toMatchObject({ version: expect.any(String) });
    expect(children).toHaveLength(2);
  }, 60_000);
});

describe('EngineSupervisor backoff', () => {
  /** A host that never answers and exits when told: enough to watch restarts. */
  function fakeHosts() {
    const exits: ((code: number | null) => void)[] = [];
    const spawn = (): HostPort => ({
      post: () => undefined,
      onMessage: () => undefined,
      kill: () => undefined,
      onExit: (listener) => {
        exits.push(listener);
      },
    });
    return {
      spawn,
      crash: (code: number) => {
        for (const l of exits.splice(0)) l(code);
      },
    };
  }

  it('waits 0.5 s, then doubles up to 30 s, and starts over after a host that stayed up', () => {
    vi.useFakeTimers();
    const hosts = fakeHosts();
    const delays: number[] = [];
    let started = 0;
    supervisor = new EngineSupervisor({
      spawn: () => {
        started++;
        return hosts.spawn();
      },
      onCrash: ({ delayMs }) => delays.push(delayMs),
      stableMs: 60_000,
    });
    for (let i = 0; i < 8; i++) {
      hosts.crash(1);
      vi.advanceTimersByTime(delays.at(-1)!);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(started).toBe(9);
    vi.advanceTimersByTime(60_000);
    hosts.crash(1);
    expect(delays.at(-1)).toBe(500);
  });

  it('does not restart after close, nor when the closed host then exits', () => {
    vi.useFakeTimers();
    const hosts = fakeHosts();
    let started = 0;
    supervisor = new EngineSupervisor({
      spawn: () => {
        started++;
        return hosts.spawn();
      },
    });
    supervisor.close();
    hosts.crash(0);
    vi.advanceTimersByTime(60_000);
    expect(started).toBe(1);
  });
});
