/**
 * `--backend NAME` and `--threads N` as a backend choice. The flags themselves are one schema
 * (app/compute/compute-options.ts), so each command accepts the same names (auto, the engine
 * names, the old tfjs names) and the same thread counts.
 */
import type { ComputeOptions } from '../compute/compute-options.js';
import type { SelectOptions } from '../compute/index.js';

/** The select options the flags ask for (selectBackend checks the name). */
export function computeOptions(options: ComputeOptions): SelectOptions {
  return { preferred: options.backend, threads: options.threads };
}
