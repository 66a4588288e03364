/**
 * `--backend NAME` and `--threads N`, shared by every command that computes: one parser, so
 * each command accepts the same names (auto, the engine names, the old tfjs names) and the
 * same thread counts.
 */
import type { SelectOptions } from '../compute/select.js';

export interface ComputeFlags { backend?: string; threads?: string }

/** `--threads` help text, one for all commands. */
export const THREADS_HELP = 'cores to compute on (default: all); the result does not depend on it';
/** `--backend` help text, one for all commands. */
export const BACKEND_HELP = 'auto | ort-cpu | ort-cuda | ort-webgpu | tensorflow | webgpu | wasm | cpu (default: auto)';

/** The select options the flags ask for (selectBackend checks them). */
export function computeOptions(flags: ComputeFlags): SelectOptions {
  return { preferred: flags.backend, threads: flags.threads === undefined ? undefined : Number(flags.threads) };
}
