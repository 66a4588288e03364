/**
 * `isotrope start`: the choice between the desktop app and browser mode, and browser mode
 * through the real CLI (built JavaScript, a child process) on a machine without a display.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseStartMode, electronInstallCommand, hasDisplay } from '../../app/cli/start.js';
import { spawnCli } from '../helpers/cli-process.js';

const ROOT = join(import.meta.dirname, '../..');
const START = join(ROOT, 'dist/app/cli/start.js');

beforeAll(() => {
  const newest = Math.max(
    ...['app/cli.ts', 'app/cli/start.ts', 'app/cli/serve.ts'].map((f) => statSync(join(ROOT, f)).mtimeMs),
  );
  // tsc writes dist/ even when some other module fails to type-check; what matters is that start.js is fresh.
  if (!existsSync(START) || statSync(START).mtimeMs < newest)
    spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT });
  expect(existsSync(START), 'dist/app/cli/start.js was not built').toBe(true);
}, 180_000);

describe('the hint for a missing Electron binary', () => {
  it("names electron's own download script, which exists once npm ci ran", () => {
    const [program, script] = electronInstallCommand.split(' ');
    expect(program).toBe('node');
    expect(existsSync(join(ROOT, script!))).toBe(true);
  });
});

describe('chooseStartMode', () => {
  const ready = { electron: '/e/electron', appBuilt: true, display: true, browserAsked: false };

  it('runs the desktop app when Electron, the built app and a display are all there', () => {
    expect(chooseStartMode(ready)).toEqual({ mode: 'desktop', electron: '/e/electron' });
  });

  it('falls back to browser mode and says every reason', () => {
    expect(chooseStartMode({ ...ready, electron: null })).toEqual({
      mode: 'browser',
      reasons: [
        'the Electron binary is not installed (to get it, with network: node node_modules/electron/install.js)',
      ],
    });
    expect(chooseStartMode({ ...ready, display: false })).toEqual({
      mode: 'browser',
      reasons: ['there is no display (DISPLAY and WAYLAND_DISPLAY are unset)'],
    });
    expect(chooseStartMode({ ...ready, appBuilt: false })).toMatchObject({
      mode: 'browser',
      reasons: [expect.stringContaining('npm run build:ui')],
    });
    expect(
      chooseStartMode({ electron: null, appBuilt: false, display: false, browserAsked: true }),
    ).toMatchObject({ mode: 'browser', reasons: { length: 4 } });
  });
});

describe('hasDisplay', () => {
  it('needs DISPLAY or WAYLAND_DISPLAY on Linux; macOS and Windows always have one', () => {
    expect(hasDisplay('linux', {})).toBe(false);
    expect(hasDisplay('linux', { DISPLAY: '' })).toBe(false);
    expect(hasDisplay('linux', { DISPLAY: ':0' })).toBe(true);
    expect(hasDisplay('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
    expect(hasDisplay('freebsd', {})).toBe(false);
    expect(hasDisplay('darwin', {})).toBe(true);
    expect(hasDisplay('win32', {})).toBe(true);
  });
});

describe('isotrope start without a display', () => {
  it('serves browser mode: the serve URL line, one stderr line saying why, health with the token, exit 0 on SIGTERM', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ISOTROPE_STATE_DIR: mkdtempSync(join(tmpdir(), 'isotrope-start-state-')),
    };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const start = spawnCli(['start'], env);
    try {
      const line = await start.firstLine;
      expect(line).toMatch(/^Isotrope engine API on http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
      const [, port, token] = /:(\d+)\/\?token=([0-9a-f]+)/.exec(line)!;
      const health = await fetch(`http://127.0.0.1:${port}/api/health?token=${token}`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ version: expect.any(String), backend: 'not started' });
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(401);
      expect(start.stderr().trim().split('\n')).toHaveLength(1);
      expect(start.stderr()).toMatch(/^isotrope: starting in browser mode: .*there is no display/);
    } finally {
      start.child.kill('SIGTERM');
    }
    expect(await start.exited, start.stderr()).toBe(0);
  }, 60_000);
});
