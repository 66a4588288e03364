/**
 * The engine connection as the status line shows it: whether the engine answers, its version
 * and the compute backend in use (the active one, or what automatic choice would try first).
 */
import type { EngineClient } from '../../../app/api/contract.js';
import { readableError } from '../lib/errors.js';

export type ConnectionState = 'connecting' | 'connected' | 'lost';

export class Connection {
  state = $state<ConnectionState>('connecting');
  /** 'electron' or 'browser', for the status line. */
  mode = $state<'electron' | 'browser'>('browser');
  version = $state<string | null>(null);
  backend = $state<string | null>(null);
  /** Backends this engine has (for the Train and Run screens' choice). */
  backends = $state.raw<string[]>([]);
  problem = $state<string | null>(null);

  /** Asks the engine for health and backends; marks the connection lost (with why) when it does not answer. */
  async check(client: EngineClient, signal?: AbortSignal): Promise<void> {
    try {
      const [health, info] = await Promise.all([
        client.call('health', {}, { signal }),
        client.call('backendInfo', {}, { signal }),
      ]);
      this.version = health.version;
      this.backend = health.engine
        ? `${health.engine.name} (${health.engine.device})`
        : (info.active ?? (health.backend !== 'not started' ? health.backend : null));
      this.backends = info.names;
      if (!this.backend) this.backend = `auto (${info.autoOrder.join(' → ')}; chosen when work starts)`;
      this.state = 'connected';
      this.problem = null;
    } catch (e) {
      this.state = 'lost';
      this.problem = readableError(e);
    }
  }
}
