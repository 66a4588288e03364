/**
 * The WebAssembly backend (XNNPACK, SIMD). In Node it runs on one thread: the threaded build
 * starts its workers from blob: URLs, which Node rejects (ERR_WORKER_PATH), so we switch
 * threads off before initialising. Use both cores with two engines (workers), not threads.
 */
import { tf, requireFromEngine } from '../tf.js';
import { ComputeError } from '../errors.js';
import type { ActiveBackend, SetUpOptions } from './types.js';
import { registerWasmConvGradients } from './wasm-conv-grads.js';

export async function setUpWasm(_options: SetUpOptions = {}): Promise<ActiveBackend> {
  try {
    requireFromEngine('@tensorflow/tfjs-backend-wasm');
  } catch (e) {
    throw new ComputeError('unavailable', 'package @tensorflow/tfjs-backend-wasm not loadable', {
      backend: 'wasm',
      cause: e,
    });
  }
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  registerWasmConvGradients();
  if (!(await tf.setBackend('wasm')))
    throw new ComputeError('setup-failed', 'tf.setBackend failed', { backend: 'wasm' });
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  return {
    name: 'wasm',
    engine: 'tfjs',
    threads: 1,
    device: `CPU, WebAssembly${simd ? ' SIMD' : ''}, 1 thread`,
    dispose: async () => {},
  };
}
