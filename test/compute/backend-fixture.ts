/**
 * Activates a backend for one describe block, or records why it cannot start so tests can skip
 * with that reason (webgpu needs Dawn and a driver; tensorflow needs libtensorflow). ORT engines
 * hold no global state: `use()` only hands them back.
 */
import { afterAll, beforeAll } from 'vitest';
import { BACKENDS, tf } from '../../app/compute/index.js';
import type { ActiveBackend, BackendName } from '../../app/compute/index.js';
import { describeError } from '../../app/compute/errors.js';

export interface BackendFixture {
  /** Makes the backend active again (other describe blocks may have switched); undefined = skip. */
  use(): Promise<ActiveBackend | undefined>;
  readonly why: string;
}

export function backendFixture(name: BackendName): BackendFixture {
  let active: ActiveBackend | undefined;
  let why = '';
  beforeAll(async () => {
    try {
      active = await BACKENDS[name]();
    } catch (e) {
      why = `${name} unavailable: ${describeError(e)}`;
    }
  }, 60_000);
  afterAll(async () => {
    await active?.dispose();
  });
  return {
    async use() {
      if (active?.engine === 'tfjs' && tf.getBackend() !== name) await tf.setBackend(name);
      return active;
    },
    get why() {
      return why;
    },
  };
}
