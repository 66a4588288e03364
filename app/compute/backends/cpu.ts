/** The plain JavaScript backend: always present, slowest, the numerical reference in tests. */
import { tf } from '../tf.js';
import { ComputeError } from '../errors.js';
import type { ActiveBackend, SetUpOptions } from './types.js';

export async function setUpCpu(_options: SetUpOptions = {}): Promise<ActiveBackend> {
  if (!(await tf.setBackend('cpu')))
    throw new ComputeError('setup-failed', 'tf.setBackend failed', { backend: 'cpu' });
  // Its first write prints a banner advising tfjs-node; our selection already reports that.
  (tf.backend() as { firstUse?: boolean }).firstUse = false;
  return {
    name: 'cpu',
    engine: 'tfjs',
    threads: 1,
    device: 'CPU, JavaScript, 1 thread',
    dispose: async () => {},
  };
}
