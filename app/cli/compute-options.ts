/**
 * `--backend NAME` and `--threads N`, shared by every command that computes: one schema
 * (app/compute/compute-options.ts), so each command accepts the same names (auto, the engine
 * names, the old tfjs names) and the same thread counts.
 */
import type { ComputeOptions } from '../compute/compute-options.js';
import type { SelectOptions } from '../compute/index.js';

export {
  BACKEND_HELP,
  THREADS_HELP,
  ComputeOptionsSchema,
  type ComputeOptions,
} from '../compute/compute-options.js';

/** The select options the flags ask for (selectBackend checks the name). */
export function computeOptions(options: ComputeOptions): SelectOptions {
  return { preferred: options.backend, threads: options.threads };
}
