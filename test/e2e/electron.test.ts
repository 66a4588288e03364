/**
 * The real desktop app, launched with playwright-core's `_electron`: the window opens, the page
 * has no Node, and `window.isotrope` answers health through the preload, main's IPC and the
 * engine host. Needs the Electron binary (see main/README.md), the built app (npm run build) and a
 * display (xvfb-run on a headless Linux box); skipped otherwise, with the reason (ctx.skip).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { _electron } from 'playwright-core';
import { electronInstallCommand, hasDisplay } from '../../app/cli/start.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** The Electron executable, when its binary was downloaded; undefined otherwise. */
function electronPath(): string | undefined {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function unavailable(): string | undefined {
  const reasons = [
    electronPath() ? undefined : `no Electron binary (with network: ${electronInstallCommand})`,
    existsSync(join(ROOT, 'out/main/index.js')) ? undefined : 'out/main is not built (npm run build:ui)',
    existsSync(join(ROOT, 'dist/app/api/engine-host.js'))
      ? undefined
      : 'dist/app/api/engine-host.js is not built (npm run build:engine)',
    hasDisplay() ? undefined : 'no display (run under xvfb-run)',
  ].filter(Boolean);
  return reasons.length ? reasons.join('; ') : undefined;
}

const reason = unavailable();

describe('the Electron app', () => {
  it('opens its window, keeps Node out of the page, and answers health through window.isotrope', async (ctx) => {
    if (reason) return ctx.skip(reason);
    const app = await _electron.launch({
      executablePath: electronPath(),
      // Chromium refuses to run as root with its OS sandbox (CI containers); the window's own sandbox option is unaffected.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ROOT],
      env: { ...process.env, ISOTROPE_STATE_DIR: mkdtempSync(join(tmpdir(), 'isotrope-electron-state-')) },
    });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      const probe = await page.evaluate(async () => {
        // Runs in the page; this file is type-checked without the DOM library, hence the shapes spelled out.
        const win = globalThis as unknown as {
          isotrope: { call(c: string, a: unknown, id: string): Promise<unknown> };
          document: { querySelector(s: string): { getAttribute(name: string): string | null } | null };
        };
        const bridge = win.isotrope;
        return {
          keys: Object.keys(bridge).sort(),
          node: typeof (globalThis as { process?: unknown }).process,
          require: typeof (globalThis as { require?: unknown }).require,
          csp:
            win.document
              .querySelector('meta[http-equiv="Content-Security-Policy"]')
              ?.getAttribute('content') ?? null,
          health: await bridge.call('health', {}, 'e2e-1'),
          unknown: await bridge.call('format-disk', {}, 'e2e-2'),
        };
      });
      expect(probe.keys).toEqual(['call', 'cancel', 'onEvent', 'onMenu', 'pathForFile', 'showOpenDialog']);
      expect(probe.node).toBe('undefined');
      expect(probe.require).toBe('undefined');
      expect(probe.csp).toContain("script-src 'self'");
      expect(probe.health).toMatchObject({ ok: true, result: { version: expect.any(String) } });
      expect(probe.unknown).toMatchObject({ ok: false, error: { layer: 'api', tag: 'unknown-command' } });
      const visible = await app.evaluate(({ BrowserWindow }) =>
        BrowserWindow.getAllWindows().map((w) => w.isVisible()),
      );
      expect(visible).toEqual([true]);
    } finally {
      await app.close();
    }
  }, 60_000);
});
