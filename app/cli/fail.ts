/**
 * How the CLI fails: one line on stderr naming the file and the problem, a non-zero exit,
 * nothing on stdout. Tagged errors already carry "file (plane k): reason".
 */
import { isVolumeError } from '../volume/index.js';

/** Exit codes: 1 bad input or failure, 2 bad usage (commander's own). */
export function reportAndExit(error: unknown): never {
  const message = isVolumeError(error)
    ? error.message
    : error instanceof Error
      ? error.message
      : String(error);
  process.stderr.write(`isotrope: ${message.split('\n')[0]}\n`);
  if (process.env.ISOTROPE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}
