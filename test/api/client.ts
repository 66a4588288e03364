/** A minimal real WebSocket client for the API tests: sends `{id, command, args}` and collects replies. */
import WebSocket from 'ws';
import type { PlaneHeader, WireError } from '../../app/api/schemas.js';

export type Reply =
  | { ok: true; result: unknown }
  | { ok: true; header: PlaneHeader; data: Buffer }
  | { ok: false; error: WireError };

export interface TestClient {
  call(command: string, args?: unknown): Promise<Reply>;
  send(raw: string): void;
  next(): Promise<Record<string, unknown>>;
  close(): void;
}

export async function connect(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
  const ws = new WebSocket(url, { headers });
  await new Promise<void>((ok, fail) => {
    ws.once('open', ok);
    ws.once('error', fail);
  });
  const pending = new Map<unknown, (r: Reply) => void>();
  const loose: Record<string, unknown>[] = [];
  const waiters: ((m: Record<string, unknown>) => void)[] = [];
  let awaitingBinary: { id: unknown; header: PlaneHeader } | undefined;
  ws.on('message', (raw: Buffer, isBinary: boolean) => {
    if (isBinary) {
      const b = awaitingBinary!;
      awaitingBinary = undefined;
      pending.get(b.id)?.({ ok: true, header: b.header, data: raw });
      pending.delete(b.id);
      return;
    }
    const m = JSON.parse(raw.toString()) as Record<string, unknown>;
    if ('event' in m) return;
    if (m.binary) {
      awaitingBinary = { id: m.id, header: m.header as PlaneHeader };
      return;
    }
    const resolve = pending.get(m.id);
    if (resolve) {
      pending.delete(m.id);
      resolve(m as unknown as Reply);
      return;
    }
    const w = waiters.shift();
    if (w) w(m);
    else loose.push(m);
  });
  let nextId = 1;
  return {
    call: (command, args) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, command, args }));
      }),
    send: (raw) => ws.send(raw),
    next: () =>
      new Promise((resolve) => {
        const m = loose.shift();
        if (m) resolve(m);
        else waiters.push(resolve);
      }),
    close: () => ws.close(),
  };
}

/** The HTTP status a WebSocket upgrade gets (101 when it opens). */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('error', () => resolve(-1));
  });
}
