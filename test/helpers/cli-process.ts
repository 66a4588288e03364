/**
 * The built CLI (dist/app/cli.js) as a long-running child process, for tests of commands that
 * serve until stopped (`serve`, `start`): its first stdout line (the URL line), what it wrote so
 * far, and its exit code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const CLI = join(import.meta.dirname, '../../dist/app/cli.js');

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
