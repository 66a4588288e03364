/**
 * `isotrope start` (what `npm start` runs): the desktop app when it can run here — the
 * Electron binary is installed, the app is built and there is a display — otherwise browser
 * mode, the same server as `isotrope serve` (same URL line on stdout), with one line on stderr
 * saying why. A browser is opened only when there is a display to open it on.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageInfo } from '../api/index.js';
import { z } from 'zod';
import { flags } from '../options/index.js';
import { parseOptions } from './options.js';
import { PortFlag, runServe } from './serve.js';

/** `isotrope start`'s flags. */
export const StartFlags = z.object({
  browser: z
    .boolean()
    .optional()
    .register(flags, { help: 'browser mode even where the desktop app could run' }),
  port: PortFlag.clone().register(flags, {
    value: 'n',
    help: 'browser mode: TCP port (0 picks a free one)',
    default: '0',
  }),
});

export interface StartOptions {
  port?: string;
  browser?: boolean;
}

/** How to get the Electron binary once there is network (resources/install/electron-get names the same command). */
export const electronInstallCommand = 'node node_modules/electron/install.js';

export type StartMode = { mode: 'desktop'; electron: string } | { mode: 'browser'; reasons: string[] };

/** What `start` will do, from the facts it checks (a pure function, tested with made-up facts). */
export function chooseStartMode(facts: {
  electron: string | null;
  appBuilt: boolean;
  display: boolean;
  browserAsked: boolean;
}): StartMode {
  const reasons = [
    facts.browserAsked ? 'browser mode was asked for (--browser)' : undefined,
    facts.electron
      ? undefined
      : `the Electron binary is not installed (to get it, with network: ${electronInstallCommand})`,
    facts.appBuilt ? undefined : 'the desktop app is not built (npm run build:ui)',
    facts.display ? undefined : 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)',
  ].filter((r): r is string => r !== undefined);
  return reasons.length === 0 && facts.electron
    ? { mode: 'desktop', electron: facts.electron }
    : { mode: 'browser', reasons };
}

/** The Electron executable, or null: `require('electron')` names it, but the file exists only once its binary was downloaded. */
export function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null; // not installed, or its install script never ran ("Electron failed to install correctly")
  }
}

/** macOS and Windows always have one; elsewhere an X11 or Wayland session must be named. */
export function hasDisplay(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return platform === 'darwin' || platform === 'win32' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

export async function runStart(bag: StartOptions): Promise<void> {
  const { browser, port = 0 } = parseOptions(StartFlags, bag);
  const root = packageInfo().root;
  const display = hasDisplay();
  const choice = chooseStartMode({
    electron: electronBinary(),
    appBuilt: existsSync(join(root, 'out/main/index.js')),
    display,
    browserAsked: Boolean(browser),
  });
  if (choice.mode === 'desktop') {
    process.exitCode = await runDesktop(choice.electron, root);
    return;
  }
  process.stderr.write(`isotrope: starting in browser mode: ${choice.reasons.join('; ')}\n`);
  await runServe({ port: String(port), open: display });
}

/** Runs Electron on the app until it exits; Ctrl-C and SIGTERM are passed on to it. Resolves its exit code. */
function runDesktop(electron: string, root: string): Promise<number> {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // set, it would make Electron a plain Node and not open the app
  const child = spawn(electron, [root], { stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals) => (): void => {
    child.kill(signal);
  };
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((resolve, reject) => {
    child.once('error', (e) => reject(new Error(`could not start Electron (${electron}): ${e.message}`)));
    child.once('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}
