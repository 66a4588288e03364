/**
 * How the CLI fails: one line on stderr naming the file and the problem, a non-zero exit,
 * nothing on stdout. Tagged errors already carry "file (plane k): reason"; a usage error (a
 * bad option value, a missing or unknown option) ends with where to read the usage.
 */
import { isComputeError } from '../compute/index.js';
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
 * A usage error's line without the hint: a bad option value, or a --backend name no engine has
 * (the compute layer names the backend, the user typed the flag). Undefined for any other error.
 */
function usageReason(error: unknown): string | undefined {
  if (isOptionError(error)) return error.message;
  if (isComputeError(error) && error.tag === 'unknown-backend')
    return `--backend ${error.backend}: ${error.message.slice(`${error.backend}: `.length)}`;
  return undefined;
}

/**
 * Exit code 1 for bad input, bad usage or failure (commander's own usage errors exit 1 too).
 * `usageOf` names the command that ran (e.g. 'isotrope run'), for a usage error's hint.
 */
export function reportAndExit(error: unknown, usageOf?: string): never {
  const usage = usageReason(error);
  const message =
    usage ?? (isVolumeError(error) ? error.message : error instanceof Error ? error.message : String(error));
  process.stderr.write(oneLine(message, usage === undefined ? undefined : usageOf));
  if (process.env.ISOTROPE_DEBUG && error instanceof Error)
    process.stderr.write(`${error.stack}
`);
  process.exit(1);
}
