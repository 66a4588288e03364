/** The engine host process and hostClient: queued calls before ready, progress by id, and what a dying host does to calls in flight. */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineCallError } from '../../app/api/client.js';
import { forkHostPort, hostClient, type HostPort } from '../../app/api/host-client.js';
import { packageInfo } from '../../app/api/version.js';

const hostScript = join(packageInfo().root, 'dist/app/api/engine-host.js');

describe('hostClient over a forked engine host', () => {
  it('answers calls made before the host is ready, and rejects calls in flight and later ones once it dies', async () => {
    const child = fork(hostScript, [], { serialization: 'advanced' });
    const client = hostClient(forkHostPort(child));
    const health = await client.call('health', {});
    expect(health.backend).toBe('not started');
    const sample = client.call('openSample', {});
    child.kill('SIGKILL');
    const error = await sample.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineCallError);
    expect((error as EngineCallError).wire).toEqual({
      layer: 'api',
      tag: 'internal',
      message: expect.stringContaining('engine stopped'),
    });
    await expect(client.call('health', {})).rejects.toMatchObject({ tag: 'internal' });
  }, 30_000);

  it('routes progress by request id and events to listeners, over a fake port', async () => {
    const sent: unknown[] = [];
    let deliver!: (m: unknown) => void;
    const port: HostPort = {
      post: (m) => sent.push(m),
      onMessage: (l) => {
        deliver = l;
      },
      onExit: () => undefined,
      kill: () => undefined,
    };
    const client = hostClient(port);
    const progress: number[] = [];
    const events: string[] = [];
    client.onEvent((e) => events.push(e.event));
    const pending = client.call('openSample', {}, { onProgress: (_t, f) => progress.push(f) });
    expect(sent).toEqual([]); // queued until ready
    deliver({ type: 'ready', version: '0.1.0' });
    expect(sent).toEqual([{ type: 'call', id: expect.any(String), command: 'openSample', args: {} }]);
    const id = (sent[0] as { id: string }).id;
    deliver({ type: 'progress', id, task: 'generating sample', fraction: 0.5 });
    deliver({ type: 'event', event: { event: 'previewUpdated', runDir: '/r', unitsDone: 1, unitsTotal: 2 } });
    deliver({ type: 'reply', id, ok: false, error: { layer: 'volume', tag: 'aborted', message: 'stopped' } });
    await expect(pending).rejects.toMatchObject({ layer: 'volume', tag: 'aborted' });
    expect(progress).toEqual([0.5]);
    expect(events).toEqual(['previewUpdated']);
    const abort = new AbortController();
    const cancelled = client.call('health', {}, { signal: abort.signal });
    abort.abort();
    const cid = (sent[1] as { id: string }).id;
    expect(sent[2]).toEqual({ type: 'cancel', id: cid });
    deliver({ type: 'reply', id: cid, ok: true, result: { version: 'x', backend: 'y' } });
    await expect(cancelled).resolves.toEqual({ version: 'x', backend: 'y' });
  });
});
