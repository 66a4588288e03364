/** How many cores a backend computes on (`--threads`). */
import { availableParallelism } from 'node:os';
import { ComputeError } from './errors.js';

/**
 * The threads a backend uses: `threads` when given (a positive integer), else every core.
 * @example threadCount({ threads: 1 }) // 1
 */
export function threadCount(options: { threads?: number } = {}): number {
  const n = options.threads ?? availableParallelism();
  if (!(Number.isInteger(n) && n >= 1))
    throw new ComputeError('setup-failed', `--threads ${n}: expected a positive integer`, {
      backend: 'auto',
    });
  return n;
}
