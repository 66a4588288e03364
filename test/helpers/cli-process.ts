/**
 * The built CLI (dist/app/cli.js) as a child process: run to completion (`cliRunner`), or
 * long-running, for tests of commands that serve until stopped (`serve`, `start`): its first
 * stdout line (the URL line), what it wrote so far, and its exit code.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const CLI = join(import.meta.dirname, '../../dist/app/cli.js');

/** Builds the project when dist/app/cli.js is missing (a test file run straight after a clone). */
export function ensureBuiltCli(): void {
  if (!existsSync(CLI)) execFileSync('npm', ['run', 'build'], { cwd: join(import.meta.dirname, '../..') });
}

/** `isotrope ARGS…` run to completion, with `env` added to this process's environment. */
export type CliRun = (...args: string[]) => SpawnSyncReturns<string>;

export function cliRunner(env: NodeJS.ProcessEnv = {}): CliRun {
  return (...args) =>
    spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

export interface CliProcess {
  child: ChildProcess;
  /** The first line on stdout; rejects (with stderr) if the process exits before writing one. */
  firstLine: Promise<string>;
  stdout(): string;
  stderr(): string;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv = process.env): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]);
    });
    child.on('exit', (code) =>
      reject(new Error(`isotrope ${args.join(' ')} exited (${code}) before its first line: ${stderr}`)),
    );
  });
  return { child, firstLine, stdout: () => stdout, stderr: () => stderr, exited };
}
