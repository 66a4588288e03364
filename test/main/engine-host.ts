/**
 * The real engine host for main-process tests: dist/app/api/engine-host.js forked as a
 * child_process (standing in for Electron's utilityProcess, which needs the Electron binary),
 * each with its own state and cache directories. Builds dist/ first when it is stale.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { forkHostPort, type HostPort } from '../../app/api/host-client.js';

const ROOT = resolve(import.meta.dirname, '../..');
export const ENGINE_HOST = join(ROOT, 'dist/app/api/engine-host.js');

/**
 * Rebuilds dist/ when an app/ source is newer than the built host — the host forks job workers
 * from dist/ too (tsc writes dist/ even if another module fails to type-check).
 */
export function ensureEngineHostBuilt(): void {
  const sources = readdirSync(join(ROOT, 'app'), { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.ts'),
  );
  const newest = Math.max(...sources.map((f) => statSync(join(ROOT, 'app', f)).mtimeMs));
  if (!existsSync(ENGINE_HOST) || statSync(ENGINE_HOST).mtimeMs < newest)
    spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT });
  if (!existsSync(ENGINE_HOST))
    throw new Error('dist/app/api/engine-host.js could not be built (npm run build:engine)');
}

/**
 * Forks a host; `children` collects every process started, so tests can kill one or check they
 * are gone. With `ownState` (the default) it gets fresh state and cache folders; without, it
 * inherits this process's ISOTROPE_STATE_DIR (the contract suite sets its own).
 */
export function forkEngineHost(
  children: ChildProcess[] = [],
  options: { ownState?: boolean } = {},
): HostPort {
  const dir = mkdtempSync(join(tmpdir(), 'isotrope-host-'));
  const own = options.ownState ?? true;
  const child = fork(ENGINE_HOST, [], {
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: {
      ...process.env,
      ...(own ? { ISOTROPE_STATE_DIR: join(dir, 'state'), ISOTROPE_CACHE: join(dir, 'cache') } : {}),
    },
  });
  children.push(child);
  return forkHostPort(child);
}

/** Resolves when the process has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((done) => child.once('exit', () => done()));
}
