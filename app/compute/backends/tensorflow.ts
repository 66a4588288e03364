/**
 * Native TensorFlow through @tensorflow/tfjs-node-gpu (CUDA) or @tensorflow/tfjs-node (CPU,
 * multi-threaded). Optional: their libtensorflow download is blocked on our build machines, so
 * they are never in package.json and are imported only here, dynamically, wherever a user has
 * installed them. Both register the 'tensorflow' backend into the same tfjs engine.
 */
import { availableParallelism } from 'node:os';
import { tf } from '../tf.js';
import { ComputeError, describeError } from '../errors.js';
import type { ActiveBackend, SetUpOptions } from './types.js';

const PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

export async function setUpTensorflow(_options: SetUpOptions = {}): Promise<ActiveBackend> {
  const failures: string[] = [];
  for (const pkg of PACKAGES) {
    try {
      // A variable specifier keeps tsc and bundlers from resolving the optional package.
      const specifier: string = pkg;
      await import(specifier);
    } catch (e) {
      failures.push(
        `${pkg} ${describeError(e).includes('Cannot find') ? 'not installed' : describeError(e)}`,
      );
      continue;
    }
    if (!(await tf.setBackend('tensorflow'))) {
      throw new ComputeError('setup-failed', `${pkg} loaded but tf.setBackend failed`, {
        backend: 'tensorflow',
      });
    }
    const gpu = pkg.endsWith('-gpu');
    return {
      name: 'tensorflow',
      engine: 'tfjs',
      threads: availableParallelism(),
      device: gpu ? 'libtensorflow (CUDA build)' : 'CPU, libtensorflow',
      ...(gpu ? {} : { slower: "tfjs-node CPU build; onnxruntime's cpu provider is faster" }),
      dispose: async () => {},
    };
  }
  throw new ComputeError('unavailable', failures.join(', '), { backend: 'tensorflow' });
}
