/**
 * Backend names → lazy set-up functions. Each entry imports its module only when called, so
 * choosing 'cpu' never loads Dawn or WebAssembly, and an absent optional package costs nothing.
 */
import type { BackendName, BackendSetUp } from './backends/types.js';

export const BACKENDS: Readonly<Record<BackendName, BackendSetUp>> = {
  tensorflow: async () => (await import('./backends/tensorflow.js')).setUpTensorflow(),
  webgpu: async () => (await import('./backends/webgpu.js')).setUpWebgpu(),
  wasm: async () => (await import('./backends/wasm.js')).setUpWasm(),
  cpu: async () => (await import('./backends/cpu.js')).setUpCpu(),
};

/** Automatic order: fastest first. */
export const AUTO_ORDER: readonly BackendName[] = ['tensorflow', 'webgpu', 'wasm', 'cpu'];
