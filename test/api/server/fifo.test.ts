/**
 * Never block on a read: asking the server to open a FIFO (which would wait for a writer that
 * never comes) is refused at once with a tagged volume error, and health is answered while the
 * requests are made and after; no file-system thread is left waiting either.
 */
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../app/api/engine.js';
import { startServer, WS_PATH, type RunningServer } from '../../../app/api/server.js';
import { tempDir } from '../../helpers/fixtures.js';
import { connect, type TestClient } from '../client.js';

const dir = tempDir();
const fifo = join(dir.path, 'stack.tif');
let engine: Engine;
let server: RunningServer;
let client: TestClient;

beforeAll(async () => {
  execFileSync('mkfifo', [fifo]);
  symlinkSync(fifo, join(dir.path, 'link.tif'));
  engine = new Engine({ stateDir: join(dir.path, 'state') });
  server = await startServer({ port: 0, engine });
  client = await connect(`ws://127.0.0.1:${server.port}${WS_PATH}?token=${server.token}`);
});

afterAll(async () => {
  client?.close();
  await server?.close();
  await engine?.close();
  dir.remove();
});

const noFifos = process.platform === 'win32';

describe.skipIf(noFifos)(
  `a FIFO given to openVolume${noFifos ? ' (skipped: Windows has no FIFOs)' : ''}`,
  () => {
    it('is refused with a tagged volume error naming it, while health goes on being answered', async () => {
      // More opens than libuv has threads (4): had any of them opened the FIFO, the rest would wait.
      const opens = Array.from({ length: 8 }, (_, index) =>
        client.call('openVolume', { path: index % 2 ? fifo : join(dir.path, 'link.tif') }),
      );
      expect(await client.call('health')).toMatchObject({ ok: true });
      for (const reply of await Promise.all(opens)) {
        expect(reply).toMatchObject({ ok: false, error: { layer: 'volume', tag: 'unsupported' } });
        if (reply.ok) throw new Error('expected a refusal');
        expect(reply.error.message).toContain('FIFO');
        expect(reply.error.message).toContain(dir.path);
        expect(reply.error.message).not.toContain('\n');
      }
      expect(engine.openVolumes).toBe(0);
      const health = await fetch(`${server.origin}/api/health?token=${server.token}`);
      expect(health.status).toBe(200);
      // File reads still work: a missing file is answered (not-found) rather than waiting for a thread.
      const missing = await client.call('openVolume', { path: join(dir.path, 'missing.tif') });
      expect(missing).toMatchObject({ ok: false, error: { layer: 'volume', tag: 'not-found' } });
    }, 20_000);
  },
);
