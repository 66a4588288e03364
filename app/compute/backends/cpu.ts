/** The plain JavaScript backend: always present, slowest, the numerical reference in tests. */
import { tf } from '../tf.js';
import { ComputeError } from '../errors.js';
import type { ActiveBackend } from './types.js';

export async function setUpCpu(): Promise<ActiveBackend> {
  if (!(await tf.setBackend('cpu'))) throw new ComputeError('setup-failed', 'tf.setBackend failed', { backend: 'cpu' });
  // Its first write prints a banner advising tfjs-node; our selection already reports that.
  (tf.backend() as { firstUse?: boolean }).firstUse = false;
  return { name: 'cpu', device: 'CPU, JavaScript, 1 thread', software: false, dispose: async () => {} };
}
