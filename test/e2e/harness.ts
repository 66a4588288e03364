/**
 * What the browser end-to-end tests share: the real `isotrope serve` (the built CLI, its own
 * state directory), Debian's Chromium driven by playwright-core at 1280×800, and screenshots
 * saved under test/.artifacts/e2e/ for a person to look at.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CLI, spawnCli } from '../helpers/cli-process.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = join(ROOT, 'test/.artifacts/e2e');

/** The Chromium to drive: $CHROMIUM_PATH, else Debian's; undefined when there is none. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => Boolean(p && existsSync(p)));
}

/** Why the browser tests cannot run here, or undefined when they can. CI sets ISOTROPE_E2E_REQUIRED so a missing browser fails. */
export function e2eUnavailable(): string | undefined {
  const reasons = [
    chromiumPath() ? undefined : 'no Chromium (apt-get install chromium, or set CHROMIUM_PATH)',
    existsSync(CLI) ? undefined : 'dist/app/cli.js is not built (npm run build)',
    existsSync(join(ROOT, 'out/renderer/index.html'))
      ? undefined
      : 'out/renderer is not built (npm run build:ui)',
  ].filter(Boolean);
  if (reasons.length === 0) return undefined;
  if (process.env.ISOTROPE_E2E_REQUIRED)
    throw new Error(`end-to-end tests required but: ${reasons.join('; ')}`);
  return reasons.join('; ');
}

export interface Served {
  url: string;
  process: ChildProcess;
  stateDir: string;
  stop(): Promise<void>;
}

/** Starts `isotrope serve --port 0` and resolves with the URL it prints (token included). */
export async function startServe(env: Record<string, string> = {}): Promise<Served> {
  const stateDir = await mkdtemp(join(tmpdir(), 'isotrope-e2e-state-'));
  const serve = spawnCli(['serve', '--port', '0'], { ...process.env, ISOTROPE_STATE_DIR: stateDir, ...env });
  const line = await serve.firstLine;
  const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(line)?.[0];
  if (!url) throw new Error(`isotrope serve printed no URL: ${line}`);
  const child = serve.child;
  return {
    url,
    process: child,
    stateDir,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist',
    ],
  });
}

/** A page at 1280×800 that records console errors and uncaught exceptions. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
