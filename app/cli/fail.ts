/**
 * How the CLI fails: one line on stderr naming the file and the problem, a non-zero exit,
 * nothing on stdout. Tagged errors already carry "file (plane k): reason"; a usage error (a
 * bad option value, a missing or unknown option) ends with where to read the usage.
 */
import { isVolumeError } from '../volume/index.js';
import { isOptionError } from './options.js';

/**
 * The line printed for `reason`; with `usageOf` (e.g. 'isotrope run') it ends in a --help hint.
 * @example oneLine('--unit x: expected a positive integer', 'isotrope run')
 *   // 'isotrope: --unit x: expected a positive integer (see isotrope run --help)\n'
 */
export function oneLine(reason: string, usageOf?: string): string {
  const first = reason.split('\n')[0];
  return `isotrope: ${first}${usageOf === undefined ? '' : ` (see ${usageOf} --help)`}\n`;
}

/**
 * Exit code 1 for bad input, bad usage or failure (commander's own usage errors exit 1 too).
 * `usageOf` names the command that ran (e.g. 'isotrope run'), for an option error's hint.
 */
export function reportAndExit(error: unknown, usageOf?: string): never {
  const message = isVolumeError(error)
    ? error.message
    : error instanceof Error
      ? error.message
      : String(error);
  process.stderr.write(oneLine(message, isOptionError(error) ? usageOf : undefined));
  if (process.env.ISOTROPE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}
