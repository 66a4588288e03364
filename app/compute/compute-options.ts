/**
 * The options of every command that computes, declared once: `backend` (a name, an alias or
 * auto; selectBackend checks it, so an unknown name is a compute error naming the choices)
 * and `threads`. The CLI's --backend / --threads and the API's `backend` come from here.
 */
import { z } from 'zod';
import { flags } from '../options/index.js';

/** `--threads` help text, one for all commands. */
export const THREADS_HELP = 'cores to compute on (default: all); the result does not depend on it';
/** `--backend` help text, one for all commands. */
export const BACKEND_HELP =
  'auto | ort-cpu | ort-cuda | ort-webgpu | tensorflow | webgpu | wasm | cpu (default: auto)';

export const ComputeOptionsSchema = z.object({
  /** A backend to use, or 'auto' / absent for the automatic order. */
  backend: z.string().optional().register(flags, { value: 'name', help: BACKEND_HELP }),
  /** Cores to use (default: all). */
  threads: z.number().int().positive().optional().register(flags, { value: 'n', help: THREADS_HELP }),
});
export type ComputeOptions = z.output<typeof ComputeOptionsSchema>;
