/**
 * Backend names → lazy set-up functions. Each entry imports its module only when called, so
 * choosing 'ort-cpu' never loads Dawn or WebAssembly, and an absent optional package costs nothing.
 */
import type { BackendName, BackendSetUp } from './backends/types.js';

export const BACKENDS: Readonly<Record<BackendName, BackendSetUp>> = {
  'ort-cuda': async (o) => (await import('./backends/ort.js')).setUpOrtCuda(o),
  'ort-webgpu': async (o) => (await import('./backends/ort.js')).setUpOrtWebgpu(o),
  'ort-cpu': async (o) => (await import('./backends/ort.js')).setUpOrtCpu(o),
  tensorflow: async (o) => (await import('./backends/tensorflow.js')).setUpTensorflow(o),
  webgpu: async (o) => (await import('./backends/webgpu.js')).setUpWebgpu(o),
  wasm: async (o) => (await import('./backends/wasm.js')).setUpWasm(o),
  cpu: async (o) => (await import('./backends/cpu.js')).setUpCpu(o),
};

/**
 * Automatic order: GPUs first (ORT's cuda, then its WebGPU provider, tfjs-node-gpu, tfjs on
 * Dawn), then ORT's cpu provider on every core (4–10× tfjs-wasm on convs, FACTS.md), then wasm
 * and the plain JavaScript reference.
 */
export const AUTO_ORDER: readonly BackendName[] = [
  'ort-cuda',
  'ort-webgpu',
  'tensorflow',
  'webgpu',
  'ort-cpu',
  'wasm',
  'cpu',
];

/** Backends that need a GPU device node; automatic selection skips them when there is none. */
export const NEEDS_GPU: ReadonlySet<BackendName> = new Set(['ort-cuda', 'ort-webgpu', 'webgpu']);
