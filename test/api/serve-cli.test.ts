/** The real CLI (built JavaScript, a child process): `isotrope serve --port 0` prints its URL, answers health, stops on SIGTERM. */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, spawnCli } from '../helpers/cli-process.js';

const ROOT = join(import.meta.dirname, '../..');
const SERVE = join(ROOT, 'dist/app/cli/serve.js');

beforeAll(() => {
  const sources = [
    'app/cli.ts',
    'app/cli/serve.ts',
    ...readdirSync(join(ROOT, 'app/api')).map((f) => `app/api/${f}`),
  ];
  const newest = Math.max(...sources.map((f) => statSync(join(ROOT, f)).mtimeMs));
  const stale = !existsSync(SERVE) || !existsSync(CLI) || statSync(SERVE).mtimeMs < newest;
  if (stale) execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT });
}, 120_000);

describe('isotrope serve', () => {
  it('prints one URL line, answers /api/health with its token, exits 0 on SIGTERM', async () => {
    const serve = spawnCli(['serve', '--port', '0']);
    try {
      const line = await serve.firstLine;
      const match = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{64})/.exec(line);
      expect(match, line).not.toBeNull();
      const [url, port, token] = match!;
      expect(Number(port)).toBeGreaterThan(0);
      const health = await fetch(`http://127.0.0.1:${port}/api/health`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ backend: 'not started' });
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(401);
      expect((await fetch(url)).status).toBe(200);
    } finally {
      serve.child.kill('SIGTERM');
    }
    expect(await serve.exited, serve.stderr()).toBe(0);
    expect(serve.stdout().trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
