/**
 * "Refuse a repeated request id" over the engine host, the other transport of the one server
 * loop (the WebSocket one is in test/api/server.test.ts): two calls with one id, sent back to
 * back to dist/app/api/engine-host.js as Electron main would, get one answer and one refusal.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageInfo } from '../../../app/api/version.js';
import { ensureDefaultSample } from '../../../app/sample/generate.js';

describe('engine host', () => {
  it('refuses a second call with an id still in flight, and answers the first', async () => {
    const { stack } = await ensureDefaultSample();
    const child = fork(join(packageInfo().root, 'dist/app/api/engine-host.js'), [], {
      serialization: 'advanced',
    });
    const received: Record<string, unknown>[] = [];
    child.on('message', (message) => received.push(message as Record<string, unknown>));
    const until = async (count: number): Promise<void> => {
      while (received.filter((message) => message.type === 'reply').length < count)
        await new Promise((resolve) => setTimeout(resolve, 10));
    };
    try {
      await new Promise<void>((resolve) => child.once('message', () => resolve()));
      // openVolume reads the file, so the first is still in flight when the second arrives.
      child.send({ type: 'call', id: 'same', command: 'openVolume', args: { path: stack } });
      child.send({ type: 'call', id: 'same', command: 'openVolume', args: { path: stack } });
      await until(2);
      const replies = received.filter((message) => message.type === 'reply');
      expect(replies[0]).toEqual({
        type: 'reply',
        id: 'same',
        ok: false,
        error: { layer: 'api', tag: 'bad-request', message: 'request id "same" is already in use' },
      });
      expect(replies[1]).toMatchObject({ type: 'reply', id: 'same', ok: true, result: { path: stack } });
    } finally {
      child.disconnect();
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }, 120_000);
});
