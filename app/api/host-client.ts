/**
 * The parent's side of the engine host: `hostClient` turns a HostPort (a utilityProcess in
 * Electron, a forked child in tests) into the same EngineClient the WebSocket transport gives.
 * Calls are queued until the host says it is ready; when the host exits, calls in flight (and
 * later ones) reject with an 'internal' error saying the engine stopped.
 *
 * @example
 *   const child = fork('dist/app/api/engine-host.js', [], { serialization: 'advanced' });
 *   const client = hostClient(forkHostPort(child));
 *   const { version } = await client.call('health', {});
 */
import type { ChildProcess } from 'node:child_process';
import { EngineCallError, type CallOptions, type EngineClient } from './client.js';
import { HostMessage, type ParentMessage } from './host-protocol.js';
import type { ApiEvent, CommandArgs, CommandName, CommandOutcome, RequestId, WireError } from './schemas.js';

/** A message channel to one engine host process. */
export interface HostPort {
  post(message: ParentMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

/** A child_process.fork child as a HostPort. Fork it with `serialization: 'advanced'` (typed arrays). */
export function forkHostPort(child: ChildProcess): HostPort {
  return {
    post: (message) => { if (child.connected) child.send(message); },
    onMessage: (listener) => { child.on('message', listener); },
    onExit: (listener) => { child.on('exit', (code) => listener(code)); },
    kill: () => { child.kill(); },
  };
}

interface Pending {
  resolve(outcome: unknown): void;
  reject(error: Error): void;
  onProgress?: CallOptions['onProgress'];
}

export function hostClient(port: HostPort): EngineClient {
  const prefix = Math.random().toString(36).slice(2, 10);
  let next = 1;
  let ready = false;
  let stopped: WireError | undefined;
  const queued: ParentMessage[] = [];
  const pending = new Map<RequestId, Pending>();
  const listeners = new Set<(event: ApiEvent) => void>();

  const post = (message: ParentMessage): void => { if (ready) port.post(message); else queued.push(message); };

  port.onMessage((raw) => {
    const parsed = HostMessage.safeParse(raw);
    if (!parsed.success) return; // Not ours (e.g. a stray message); the protocol has no reply to give.
    const m = parsed.data;
    switch (m.type) {
      case 'ready':
        ready = true;
        for (const q of queued.splice(0)) port.post(q);
        return;
      case 'progress':
        pending.get(m.id)?.onProgress?.(m.task, Math.min(1, Math.max(0, m.fraction)));
        return;
      case 'event':
        for (const listener of listeners) listener(m.event);
        return;
      case 'reply': {
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        if (!m.ok) p.reject(new EngineCallError(m.error));
        else if ('binary' in m) p.resolve({ header: m.header, data: m.data });
        else p.resolve(m.result);
      }
    }
  });

  port.onExit((code) => {
    stopped = { layer: 'api', tag: 'internal', message: code === null ? 'the engine stopped (killed or crashed)' : `the engine stopped (exit code ${code})` };
    for (const p of pending.values()) p.reject(new EngineCallError(stopped));
    pending.clear();
    queued.length = 0;
  });

  function call<C extends CommandName>(command: C, args: CommandArgs<C>, options: CallOptions = {}): Promise<CommandOutcome<C>> {
    if (stopped) return Promise.reject(new EngineCallError(stopped));
    const id = `${prefix}-${next++}`;
    const { signal, onProgress } = options;
    return new Promise<CommandOutcome<C>>((resolve, reject) => {
      const abort = (): void => post({ type: 'cancel', id });
      const done = (): void => signal?.removeEventListener('abort', abort);
      pending.set(id, {
        resolve: (o) => { done(); resolve(o as CommandOutcome<C>); },
        reject: (e) => { done(); reject(e); },
        onProgress,
      });
      post({ type: 'call', id, command, args });
      // Already aborted: sent and cancelled at once, so the engine answers with its own 'aborted' error.
      if (signal?.aborted) abort();
      else signal?.addEventListener('abort', abort, { once: true });
    });
  }

  return {
    call,
    onEvent(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    close() { listeners.clear(); },
  };
}
