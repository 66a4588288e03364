/**
 * Keeps an engine host alive: one EngineClient for the whole app whose calls go to the current
 * host process. When the host dies unexpectedly, the calls it had in flight reject with a
 * readable 'internal' error (not a hang), listeners get an `error` event saying the engine is
 * restarting, and a new host is started after a backoff that grows with repeated crashes.
 * Calls made meanwhile wait for the new host.
 */
import { EngineCallError, type CallOptions, type EngineClient } from '../app/api/contract.js';
import { hostClient, type HostPort } from '../app/api/host-client.js';
import type { ApiEvent, CommandArgs, CommandName, CommandOutcome, WireError } from '../app/api/contract.js';

export interface SupervisorOptions {
  /** Starts a host process (Electron: a utilityProcess; tests: a child_process fork). */
  spawn(): HostPort;
  /** Delay before the n-th restart in a row (n from 0). Default 0.5 s doubling to 30 s: quick after one crash, no busy loop on a host that dies at start. */
  backoffMs?(attempt: number): number;
  /** A host that lived this long resets the count (default 60 s). */
  stableMs?: number;
  /** Told about each crash (for the log). */
  onCrash?(info: { code: number | null; attempt: number; delayMs: number }): void;
}

const defaultBackoff = (attempt: number): number => Math.min(30_000, 500 * 2 ** attempt);

interface Host {
  port: HostPort;
  client: EngineClient;
  startedAt: number;
  exited: boolean;
}

export class EngineSupervisor implements EngineClient {
  private host: Host | undefined;
  /** Callers waiting for a host while one is (re)starting. */
  private waiting: ((host: Host) => void)[] = [];
  /** Per host, the rejections of its calls in flight. */
  private readonly inFlight = new Map<Host, Set<(error: Error) => void>>();
  private readonly listeners = new Set<(event: ApiEvent) => void>();
  private attempt = 0;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(private readonly options: SupervisorOptions) {
    this.start();
  }

  async call<C extends CommandName>(
    command: C,
    args: CommandArgs<C>,
    options?: CallOptions,
  ): Promise<CommandOutcome<C>> {
    if (this.closed) throw new EngineCallError(stoppedError('the engine has been shut down'));
    const host = this.host ?? (await new Promise<Host>((resolve) => this.waiting.push(resolve)));
    const pending = this.inFlight.get(host)!;
    return new Promise<CommandOutcome<C>>((resolve, reject) => {
      pending.add(reject);
      host.client
        .call(command, args, options)
        .then(resolve, (e: unknown) => {
          // A host that died answers its calls with whatever its transport says; ours says why.
          if (!host.exited) reject(e);
        })
        .finally(() => pending.delete(reject));
    });
  }

  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Stops the host for good (app quit): no restart, pending calls rejected. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.restartTimer);
    const host = this.host;
    this.host = undefined;
    if (!host) return;
    host.exited = true;
    this.rejectAll(host, stoppedError('the engine was shut down while this call was running'));
    host.client.close();
    host.port.kill();
  }

  private start(): void {
    const port = this.options.spawn();
    const host: Host = { port, client: hostClient(port), startedAt: Date.now(), exited: false };
    this.inFlight.set(host, new Set());
    host.client.onEvent((event) => this.emit(event));
    port.onExit((code) => this.onHostExit(host, code ?? null));
    this.host = host;
    for (const resolve of this.waiting.splice(0)) resolve(host);
  }

  private onHostExit(host: Host, code: number | null): void {
    if (host.exited || this.closed) return;
    host.exited = true;
    if (this.host === host) this.host = undefined;
    if (Date.now() - host.startedAt >= (this.options.stableMs ?? 60_000)) this.attempt = 0;
    const delayMs = (this.options.backoffMs ?? defaultBackoff)(this.attempt++);
    const why = `the engine process stopped unexpectedly (exit code ${code ?? 'unknown'})`;
    this.rejectAll(host, stoppedError(`${why} while this call was running; try again`));
    host.client.close();
    this.options.onCrash?.({ code, attempt: this.attempt, delayMs });
    this.emit({
      event: 'error',
      error: stoppedError(
        `${why}; restarting it in ${(delayMs / 1000).toFixed(1)} s. Runs resume from their last finished unit.`,
      ),
    });
    this.restartTimer = setTimeout(() => {
      if (!this.closed) this.start();
    }, delayMs);
  }

  private rejectAll(host: Host, error: WireError): void {
    for (const reject of this.inFlight.get(host) ?? []) reject(new EngineCallError(error));
    this.inFlight.delete(host);
  }

  private emit(event: ApiEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function stoppedError(message: string): WireError {
  return { layer: 'api', tag: 'internal', message };
}
