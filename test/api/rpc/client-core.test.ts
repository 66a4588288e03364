/**
 * The one RPC client core over in-memory channels: replies checked against the protocol and the
 * command's own schema, abort as a cancel message, progress and events routed, binary replies,
 * and a closing channel settling every call in flight.
 */
import { describe, expect, it } from 'vitest';
import { rpcClient } from '../../../app/api/rpc/client-core.js';
import { EngineCallError } from '../../../app/api/rpc/engine-client.js';
import type { ClientMessage } from '../../../app/api/rpc/messages.js';
import type { ApiEvent, PlaneHeader, RequestId } from '../../../app/api/schemas.js';
import { VolumeError } from '../../../app/volume/errors.js';
import { loopbackPair, scriptedChannel } from './memory-channel.js';

const health = { version: '0.1.0', backend: 'not started' };
const header: PlaneHeader = {
  volumeId: 'v1',
  axis: 'xy',
  index: 0,
  c: 0,
  t: 0,
  width: 2,
  height: 1,
  dtype: 'uint16',
  byteLength: 4,
  littleEndian: true,
};

/** The id of the n-th request (not cancel) the client posted. */
function requestId(posted: ClientMessage[], n = 0): RequestId {
  const requests = posted.filter((message) => 'command' in message);
  return requests[n].id;
}

const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('reply checking', () => {
  it("resolves with the result the command's schema parsed", async () => {
    const channel = scriptedChannel();
    const client = rpcClient(channel);
    const answer = client.call('health', {});
    expect(channel.posted).toEqual([{ id: expect.any(String), command: 'health', args: {} }]);
    channel.deliver({ id: requestId(channel.posted), ok: true, result: health });
    expect(await answer).toEqual(health);
  });

  it("rejects a reply whose result fails the command's schema, naming command and field", async () => {
    const channel = scriptedChannel();
    const client = rpcClient(channel);
    const answer = client.call('health', {});
    channel.deliver({ id: requestId(channel.posted), ok: true, result: { backend: 'cpu' } });
    const error = await answer.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineCallError);
    const message = expect.stringMatching(/^malformed reply to health: version: /);
    expect(error).toMatchObject({ layer: 'api', tag: 'internal', message });
  });

  it('rejects a reply that is no reply at all, and one whose error is no WireError', async () => {
    const channel = scriptedChannel();
    const client = rpcClient(channel);
    const first = client.call('health', {});
    const second = client.call('health', {});
    channel.deliver({ id: requestId(channel.posted, 0), ok: 'yes' });
    const notWire = { layer: 'disk', tag: 'full', message: 'm' };
    channel.deliver({ id: requestId(channel.posted, 1), ok: false, error: notWire });
    const malformed = { tag: 'internal', message: expect.stringContaining('malformed reply to health') };
    await expect(first).rejects.toMatchObject(malformed);
    await expect(second).rejects.toMatchObject(malformed);
  });

  it('passes an engine error on with its layer and tag', async () => {
    const channel = scriptedChannel();
    const client = rpcClient(channel);
    const answer = client.call('openVolume', { path: '/x.tif' });
    const notTiff = { layer: 'volume', tag: 'not-tiff', message: '/x.tif: not a TIFF' } as const;
    channel.deliver({ id: requestId(channel.posted), ok: false, error: notTiff });
    await expect(answer).rejects.toMatchObject({ name: 'EngineCallError', ...notTiff });
  });

  it("checks a binary reply's header, keeps its bytes; a JSON reply to readPlane is malformed", async () => {
    const channel = scriptedChannel();
    const client = rpcClient(channel);
    const plane = client.call('readPlane', { volumeId: 'v1', axis: 'xy', index: 0 });
    const bytes = new Uint8Array([1, 0, 2, 0]);
    channel.deliver({ id: requestId(channel.posted, 0), ok: true, binary: true, header, data: bytes });
    const outcome = await plane;
    expect(outcome.header).toEqual(header);
    expect(outcome.data).toBe(bytes);

    const json = client.call('readPlane', { volumeId: 'v1', axis: 'xy', index: 0 });
    channel.deliver({ id: requestId(channel.posted, 1), ok: true, result: header });
    const notBinary = expect.stringContaining('expected a binary reply');
    await expect(json).rejects.toMatchObject({ tag: 'internal', message: notBinary });

    const bad = client.call('readPlane', { volumeId: 'v1', axis: 'xy', index: 0 });
    const badHeader = { ...header, axis: 'diagonal' };
    const badId = requestId(channel.posted, 2);
    channel.deliver({ id: badId, ok: true, binary: true, header: badHeader, data: bytes });
    const message = expect.stringMatching(/malformed reply to readPlane: axis: /);
    await expect(bad).rejects.toMatchObject({ tag: 'internal', message });
  });
});

describe('progress and events', () => {
  it('routes progress to its call (clamped to 0…1), other events to the listeners', async () => {
    const channel = scriptedChannel();
    const client = rpcClient(channel);
    const events: ApiEvent[] = [];
    client.onEvent((event) => events.push(event));
    const progress: number[] = [];
    const answer = client.call('health', {}, { onProgress: (_task, fraction) => progress.push(fraction) });
    const id = requestId(channel.posted);
    channel.deliver({ event: 'progress', id, task: 'warming up', fraction: 0.5 });
    channel.deliver({ event: 'progress', id, task: 'warming up', fraction: 1.0000001 });
    channel.deliver({ event: 'previewUpdated', runDir: '/r', unitsDone: 1, unitsTotal: 2 });
    channel.deliver({ id, ok: true, result: health });
    await answer;
    expect(progress).toEqual([0.5, 1]);
    expect(events).toEqual([{ event: 'previewUpdated', runDir: '/r', unitsDone: 1, unitsTotal: 2 }]);
  });

  it('tells the listeners of an error tied to no request and of a malformed event', () => {
    const channel = scriptedChannel();
    const client = rpcClient(channel);
    const events: ApiEvent[] = [];
    const unsubscribe = client.onEvent((event) => events.push(event));
    const notJson = { layer: 'api', tag: 'bad-request', message: 'request is not JSON' };
    channel.deliver({ id: null, ok: false, error: notJson });
    channel.deliver({ event: 'unitDone', runDir: '/r' });
    const malformed = { layer: 'api', tag: 'internal', message: expect.stringContaining('malformed event') };
    expect(events).toEqual([
      { event: 'error', error: notJson },
      { event: 'error', error: malformed },
    ]);
    unsubscribe();
    channel.deliver({ event: 'previewUpdated', runDir: '/r', unitsDone: 1, unitsTotal: 2 });
    expect(events).toHaveLength(2);
  });
});

describe('abort', () => {
  /** Dispatches that run until their signal aborts, then fail as the volume layer does. */
  const untilAborted = () =>
    loopbackPair({
      dispatch: (_command, _args, { signal }) =>
        new Promise((_resolve, reject) => {
          const error = new VolumeError('aborted', 'sample generation aborted', { file: 'sample' });
          signal!.addEventListener('abort', () => reject(error));
        }),
    });

  it("sends a cancel message, and the call rejects with the engine's 'aborted' error", async () => {
    const pair = untilAborted();
    const controller = new AbortController();
    const answer = pair.client.call('openSample', {}, { signal: controller.signal });
    await settled();
    controller.abort();
    const error = await answer.catch((e: unknown) => e);
    const request = { id: expect.any(String), command: 'openSample', args: {} };
    expect(pair.toServer).toEqual([request, { cancel: requestId(pair.toServer) }]);
    expect(error).toBeInstanceOf(EngineCallError);
    const message = 'sample: sample generation aborted';
    expect(error).toMatchObject({ layer: 'volume', tag: 'aborted', message });
  });

  it('an already aborted signal still sends the request, then cancels it at once', async () => {
    const pair = untilAborted();
    const answer = pair.client.call('openSample', {}, { signal: AbortSignal.abort() });
    await expect(answer).rejects.toMatchObject({ tag: 'aborted' });
    expect(pair.toServer.map((m) => ('cancel' in m ? 'cancel' : 'request'))).toEqual(['request', 'cancel']);
  });
});

describe('closing', () => {
  it('a closing channel rejects every call in flight and every later one with its reason', async () => {
    const pair = loopbackPair({ dispatch: () => new Promise(() => undefined) });
    const first = pair.client.call('health', {});
    const second = pair.client.call('listRuns', {});
    await settled();
    const reason = { layer: 'api', tag: 'internal', message: 'the engine stopped (exit code 1)' } as const;
    pair.drop(reason);
    await expect(first).rejects.toMatchObject({ name: 'EngineCallError', wire: reason });
    await expect(second).rejects.toMatchObject({ wire: reason });
    await expect(pair.client.call('health', {})).rejects.toMatchObject({ wire: reason });
  });

  it('close() asks the engine to cancel what is in flight, rejects it, and closes the channel', async () => {
    const channel = scriptedChannel();
    const client = rpcClient(channel);
    const events: ApiEvent[] = [];
    client.onEvent((event) => events.push(event));
    const answer = client.call('health', {});
    client.close();
    expect(channel.posted.at(-1)).toEqual({ cancel: requestId(channel.posted) });
    expect(channel.closes).toBe(1);
    await expect(answer).rejects.toMatchObject({ tag: 'internal', message: 'the client was closed' });
    channel.deliver({ event: 'previewUpdated', runDir: '/r', unitsDone: 1, unitsTotal: 2 });
    expect(events).toEqual([]);
    await expect(client.call('health', {})).rejects.toMatchObject({ message: 'the client was closed' });
  });

  it('a post that throws fails that call, not the client', async () => {
    const channel = scriptedChannel();
    channel.post = () => {
      throw new Error('not connected to the engine');
    };
    const client = rpcClient(channel);
    const notConnected = { tag: 'internal', message: expect.stringContaining('not connected') };
    await expect(client.call('health', {})).rejects.toMatchObject(notConnected);
  });
});
