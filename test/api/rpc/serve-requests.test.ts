/**
 * The one server loop (serve-requests.ts) over an in-memory connection: a repeated id in
 * flight refused, cancel aborting that request only, progress carrying the id, binary replies,
 * bad requests answered with the id they had, errors in wire shape, and a closed connection.
 */
import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../app/api/rpc/messages.js';
import { serveRequests, type Dispatcher } from '../../../app/api/rpc/serve-requests.js';
import { RunError } from '../../../app/run/errors.js';

/** A loop over `dispatcher` whose sent messages are collected; `settled()` lets its promises run. */
function serve(dispatcher: Dispatcher) {
  const sent: ServerMessage[] = [];
  const loop = serveRequests(dispatcher, (message) => sent.push(message));
  return { loop, sent };
}

const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A dispatcher whose calls wait until the test releases them (or their signal aborts). */
function heldDispatcher() {
  const held = new Map<string, { release(value: unknown): void; signal: AbortSignal }>();
  const dispatcher: Dispatcher = {
    dispatch: (command, _args, { signal }) =>
      new Promise((resolve, reject) => {
        held.set(command, { release: resolve, signal: signal! });
        signal!.addEventListener('abort', () => reject(new RunError('aborted', 'stopped by the client')));
      }),
  };
  return { dispatcher, held };
}

describe('serveRequests', () => {
  it('refuses a second request with an id still in flight, and still answers the first', async () => {
    const { dispatcher, held } = heldDispatcher();
    const { loop, sent } = serve(dispatcher);
    loop.receive({ id: 'same', command: 'health', args: {} });
    loop.receive({ id: 'same', command: 'listRuns', args: {} });
    expect(held.has('listRuns')).toBe(false);
    const refusal = { layer: 'api', tag: 'bad-request', message: 'request id "same" is already in use' };
    expect(sent).toEqual([{ id: 'same', ok: false, error: refusal }]);
    held.get('health')!.release({ version: '1', backend: 'cpu' });
    await settled();
    expect(sent[1]).toEqual({ id: 'same', ok: true, result: { version: '1', backend: 'cpu' } });
    // Answered, the id is free again.
    loop.receive({ id: 'same', command: 'listRuns', args: {} });
    expect(held.has('listRuns')).toBe(true);
  });

  it('cancel aborts that request only; it answers with its own error', async () => {
    const { dispatcher, held } = heldDispatcher();
    const { loop, sent } = serve(dispatcher);
    loop.receive({ id: 1, command: 'health' });
    loop.receive({ id: 2, command: 'listRuns' });
    loop.receive({ cancel: 1 });
    await settled();
    expect(held.get('health')!.signal.aborted).toBe(true);
    expect(held.get('listRuns')!.signal.aborted).toBe(false);
    const aborted = { layer: 'run', tag: 'aborted', message: 'stopped by the client' };
    expect(sent).toEqual([{ id: 1, ok: false, error: aborted }]);
    loop.receive({ cancel: 99 });
    expect(sent).toHaveLength(1);
  });

  it("sends progress with the request's id, then a binary command's header and bytes", async () => {
    const data = new Uint8Array([1, 2]);
    const { loop, sent } = serve({
      dispatch: async (_command, _args, { onProgress }) => {
        onProgress!('reading', 0.5);
        return { header: { width: 1 }, data };
      },
    });
    loop.receive({ id: 'p', command: 'readPlane', args: { volumeId: 'v1', axis: 'xy', index: 0 } });
    await settled();
    expect(sent).toEqual([
      { event: 'progress', id: 'p', task: 'reading', fraction: 0.5 },
      { id: 'p', ok: true, binary: true, header: { width: 1 }, data },
    ]);
  });

  it('answers malformed requests as bad requests, with their id when they had a usable one', () => {
    const { loop, sent } = serve({ dispatch: async () => ({}) });
    loop.receive({ id: 'x' });
    loop.receive(null);
    loop.receive({ id: {}, command: 'health' });
    const bad = (message: unknown) => ({ layer: 'api', tag: 'bad-request', message });
    expect(sent).toEqual([
      { id: 'x', ok: false, error: bad(expect.stringContaining('command')) },
      { id: null, ok: false, error: bad(expect.any(String)) },
      { id: null, ok: false, error: bad(expect.any(String)) },
    ]);
  });

  it('maps any thrown value to a WireError (untagged ones as internal, first line only)', async () => {
    const { loop, sent } = serve({
      dispatch: async () => {
        throw new Error('boom\n  at stack');
      },
    });
    loop.receive({ id: 1, command: 'health' });
    await settled();
    expect(sent).toEqual([{ id: 1, ok: false, error: { layer: 'api', tag: 'internal', message: 'boom' } }]);
  });

  it('a closed connection aborts what is in flight and sends nothing more', async () => {
    const { dispatcher, held } = heldDispatcher();
    const { loop, sent } = serve(dispatcher);
    loop.receive({ id: 1, command: 'health' });
    loop.close('connection closed');
    expect(held.get('health')!.signal.aborted).toBe(true);
    loop.receive({ id: 2, command: 'listRuns' });
    await settled();
    expect(held.has('listRuns')).toBe(false);
    expect(sent).toEqual([]);
  });

  it('refuses a request past maxInFlight with a tagged busy error; once one is answered there is room', async () => {
    const { dispatcher, held } = heldDispatcher();
    const sent: ServerMessage[] = [];
    const loop = serveRequests(dispatcher, (message) => sent.push(message), { maxInFlight: 2 });
    loop.receive({ id: 1, command: 'health' });
    loop.receive({ id: 2, command: 'listRuns' });
    loop.receive({ id: 3, command: 'backendInfo' });
    expect(held.has('backendInfo')).toBe(false);
    const message = '2 requests are already in flight on this connection; retry after a reply';
    expect(sent).toEqual([{ id: 3, ok: false, error: { layer: 'api', tag: 'busy', message } }]);
    held.get('health')!.release({});
    await settled();
    loop.receive({ id: 3, command: 'backendInfo' });
    expect(held.has('backendInfo')).toBe(true);
  });

  it('a post that throws (a result that does not encode) is answered as internal, and nothing escapes', async () => {
    const sent: ServerMessage[] = [];
    const loop = serveRequests({ dispatch: async () => ({ big: 1n }) }, (message) => {
      JSON.stringify(message);
      sent.push(message);
    });
    loop.receive({ id: 1, command: 'health' });
    await settled();
    expect(sent).toEqual([
      {
        id: 1,
        ok: false,
        error: { layer: 'api', tag: 'internal', message: 'the reply to request 1 could not be sent' },
      },
    ]);
    const silent = serveRequests({ dispatch: async () => ({}) }, () => {
      throw new Error('transport gone');
    });
    silent.receive({ id: 2, command: 'health' });
    silent.receive('garbage');
    await settled();
  });
});
