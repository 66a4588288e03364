/**
 * Main's IPC handler, through the real preload bridge and a fake ipcMain/ipcRenderer pair:
 * validation (main: the envelope's shape; the engine's boundary: the command and its args),
 * the sender check, envelopes that keep WireErrors whole, binary replies, progress routing,
 * cancellation.
 */
import { describe, expect, it, vi } from 'vitest';
import { EngineCallError, fromBridge, IPC } from '../../app/api/bridge.js';
import type { CallOptions, EngineClient } from '../../app/api/client.js';
import { toWireError } from '../../app/api/errors.js';
import { parseCommand } from '../../app/api/rpc/parse-command.js';
import { sampleInfo } from '../renderer/fake-client.js';
import { FakeWebContents } from './fake-electron.js';
import { ipcPair } from './fake-ipc.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electron);
const { registerIpc, fromMainFrameOf, wireErrorOf } = await import('../../main/ipc.js');
type IpcOptions = import('../../main/ipc.js').IpcOptions;
const { createBridge } = await import('../../main/preload/engine-bridge.js');
type DestructiveAction = import('../../main/destructive-commands.js').DestructiveAction;

/**
 * An EngineClient that checks each call at the engine's boundary as the real engine does
 * (parseCommand, what Engine.dispatch runs: main no longer checks args itself), records the
 * calls that pass and answers from a table of canned handlers.
 */
function fakeEngine(answers: Record<string, (args: unknown, options: CallOptions) => unknown> = {}) {
  const calls: { command: string; args: unknown }[] = [];
  const engine: EngineClient = {
    call: (async (command: string, args: unknown, options: CallOptions = {}) => {
      try {
        parseCommand(command, args);
      } catch (e) {
        // As a real client rejects: the engine's error in its wire shape.
        throw new EngineCallError(toWireError(e));
      }
      calls.push({ command, args });
      const answer = answers[command];
      if (!answer) throw new Error(`no canned answer for ${command}`);
      return answer(args, options);
    }) as EngineClient['call'],
    onEvent: () => () => undefined,
    close: () => undefined,
  };
  return { engine, calls };
}

function setup(
  answers?: Parameters<typeof fakeEngine>[0],
  extra: {
    showOpenDialog?: () => Promise<string | null>;
    confirmDestructive?: IpcOptions['confirmDestructive'];
  } = {},
) {
  const pair = ipcPair();
  const { engine, calls } = fakeEngine(answers);
  const done: string[] = [];
  const dispose = registerIpc({
    ipcMain: pair.ipcMain as never,
    engine,
    isTrusted: fromMainFrameOf(() => pair.window as never),
    showOpenDialog: extra.showOpenDialog ?? (async () => '/data/stack.tif'),
    // A destructive call in a test that did not expect one fails loudly.
    confirmDestructive:
      extra.confirmDestructive ??
      (async (action) => {
        throw new Error(`unexpected confirmation: ${action.question}`);
      }),
    onCommandDone: (c) => done.push(c),
  });
  const bridge = createBridge(pair.ipcRenderer as never, { getPathForFile: () => '/dropped/file.tif' });
  return { pair, calls, bridge, dispose, done };
}

const health = { health: () => ({ version: '0.1.0', backend: 'not started' }) };

describe('IPC call validation', () => {
  it('passes a valid call to the engine and answers {ok, result}', async () => {
    const { bridge, calls, done } = setup(health);
    expect(await bridge.call('health', {}, 'r1')).toEqual({
      ok: true,
      result: { version: '0.1.0', backend: 'not started' },
    });
    expect(calls).toEqual([{ command: 'health', args: {} }]);
    expect(done).toEqual(['health']);
  });

  it("refuses arguments that fail the command's schema, before the engine sees them", async () => {
    const { bridge, calls } = setup(health);
    const reply = await bridge.call('readPlane', { volumeId: 'v1', axis: 'diagonal', index: -1 }, 'r1');
    expect(reply).toEqual({
      ok: false,
      error: {
        layer: 'api',
        tag: 'bad-request',
        message: expect.stringMatching(/^readPlane: axis: .*; index: /),
      },
    });
    expect(await bridge.call('health', { extra: 1 }, 'r2')).toMatchObject({
      ok: false,
      error: { tag: 'bad-request' },
    });
    expect(await bridge.call('openVolume', {}, 'r3')).toMatchObject({
      ok: false,
      error: { tag: 'bad-request', message: expect.stringContaining('path') },
    });
    expect(calls).toEqual([]);
  });

  it('refuses unknown commands, including names inherited from Object', async () => {
    const { bridge, calls } = setup(health);
    for (const command of ['rm -rf', 'constructor', '__proto__', 'toString']) {
      expect(await bridge.call(command, {}, `r-${command}`)).toEqual({
        ok: false,
        error: {
          layer: 'api',
          tag: 'unknown-command',
          message: `unknown command ${JSON.stringify(command)}`,
        },
      });
    }
    expect(calls).toEqual([]);
  });

  it('refuses messages without the request shape', async () => {
    const { pair, calls } = setup(health);
    for (const message of [
      null,
      'health',
      42,
      { command: 'health' },
      { requestId: {}, command: 'health', args: {} },
      { requestId: 'r', command: 'health', args: {}, extra: true },
      { requestId: 'x'.repeat(201), command: 'health', args: {} },
    ]) {
      expect(await pair.ipcRenderer.invoke(IPC.call, message)).toMatchObject({
        ok: false,
        error: { layer: 'api', tag: 'bad-request' },
      });
    }
    expect(calls).toEqual([]);
  });

  it('refuses a second call with a request id still in flight', async () => {
    let release!: () => void;
    const { bridge } = setup({
      health: () =>
        new Promise((r) => {
          release = () => r({ version: '1', backend: 'cpu' });
        }),
    });
    const first = bridge.call('health', {}, 'same');
    await new Promise((r) => setTimeout(r, 0));
    expect(await bridge.call('health', {}, 'same')).toMatchObject({
      ok: false,
      error: { tag: 'bad-request', message: expect.stringContaining('already in use') },
    });
    release();
    expect(await first).toMatchObject({ ok: true });
  });
});

describe('IPC sender check', () => {
  it('answers nothing but a refusal to another window, a sub-frame or a closed window', async () => {
    const { pair, bridge, calls } = setup(health, { showOpenDialog: async () => '/secret' });
    pair.from.sender = new FakeWebContents();
    expect(await bridge.call('health', {}, 'r1')).toEqual({
      ok: false,
      error: {
        layer: 'api',
        tag: 'bad-request',
        message: expect.stringContaining('did not come from the Isotrope window'),
      },
    });
    expect(await bridge.showOpenDialog({ kind: 'file' })).toBeNull();
    pair.from.sender = pair.contents;
    pair.from.senderFrame = { frameId: 7, url: 'https://evil.example/' };
    expect(await bridge.call('health', {}, 'r2')).toMatchObject({ ok: false, error: { tag: 'bad-request' } });
    pair.from.senderFrame = null;
    expect(await bridge.call('health', {}, 'r3')).toMatchObject({ ok: false, error: { tag: 'bad-request' } });
    expect(calls).toEqual([]);
    pair.from.senderFrame = pair.contents.mainFrame;
    expect(await bridge.call('health', {}, 'r4')).toMatchObject({ ok: true });
    expect(
      fromMainFrameOf(() => null)({ sender: pair.contents, senderFrame: pair.contents.mainFrame } as never),
    ).toBe(false);
  });
});

describe('IPC replies', () => {
  it("keeps an engine error's layer and tag across IPC (a thrown Error would lose them)", async () => {
    const notTiff = Object.assign(new Error('/data/x.tif: not a TIFF file'), {
      layer: 'volume',
      tag: 'not-tiff',
    });
    const { bridge } = setup({
      openVolume: () => {
        throw notTiff;
      },
    });
    expect(await bridge.call('openVolume', { path: '/data/x.tif' }, 'r1')).toEqual({
      ok: false,
      error: { layer: 'volume', tag: 'not-tiff', message: '/data/x.tif: not a TIFF file' },
    });
    expect(structuredClone(notTiff)).not.toHaveProperty('tag');
  });

  it('turns an untagged failure into an internal error with its first line', () => {
    expect(wireErrorOf(new Error('boom\n  at stack'))).toEqual({
      layer: 'api',
      tag: 'internal',
      message: 'boom',
    });
    expect(
      wireErrorOf(new EngineCallError({ layer: 'run', tag: 'locked', message: 'run is locked' })),
    ).toEqual({ layer: 'run', tag: 'locked', message: 'run is locked' });
    expect(wireErrorOf({ wire: { layer: 'sr', tag: 'bad-weights', message: 'm' } })).toEqual({
      layer: 'sr',
      tag: 'bad-weights',
      message: 'm',
    });
    expect(wireErrorOf({ layer: 'volume', tag: 'no-such-tag', message: 'm' })).toEqual({
      layer: 'api',
      tag: 'internal',
      message: 'm',
    });
    expect(wireErrorOf('plain')).toEqual({ layer: 'api', tag: 'internal', message: 'plain' });
  });

  it("sends a binary command's bytes as a Uint8Array beside its header", async () => {
    const header = {
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
    const { bridge } = setup({ readPlane: () => ({ header, data: new Uint8Array([1, 0, 2, 0]) }) });
    const reply = await bridge.call('readPlane', { volumeId: 'v1', axis: 'xy', index: 0 }, 'r1');
    expect(reply).toEqual({ ok: true, header, data: new Uint8Array([1, 0, 2, 0]) });
    expect((reply as { data: unknown }).data).toBeInstanceOf(Uint8Array);
  });

  it('routes progress to the call that asked, through fromBridge', async () => {
    const { bridge } = setup({
      // A whole VolumeInfo: fromBridge checks every reply against the command's result schema.
      openSample: (_args, options) => {
        options.onProgress!('generating sample', 0.5);
        options.onProgress!('generating sample', 1);
        return sampleInfo();
      },
    });
    const client = fromBridge(bridge);
    const seen: unknown[] = [];
    const events: unknown[] = [];
    client.onEvent((e) => events.push(e));
    await client.call('openSample', {}, { onProgress: (task, fraction) => seen.push([task, fraction]) });
    expect(seen).toEqual([
      ['generating sample', 0.5],
      ['generating sample', 1],
    ]);
    expect(events).toEqual([]);
    client.close();
  });

  it("aborts the engine call when the renderer cancels, and reports the engine's answer", async () => {
    const { bridge } = setup({
      openSample: (_args, { signal }) =>
        new Promise((_resolve, reject) => {
          signal!.addEventListener('abort', () =>
            reject(
              Object.assign(new Error('sample generation aborted'), { layer: 'volume', tag: 'aborted' }),
            ),
          );
        }),
    });
    const client = fromBridge(bridge);
    const controller = new AbortController();
    const pending = client.call('openSample', {}, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 0));
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineCallError);
    expect(error).toMatchObject({ layer: 'volume', tag: 'aborted', message: 'sample generation aborted' });
  });

  it('answers the open dialog with the chosen path and validates its kind', async () => {
    const { bridge, pair } = setup(health);
    expect(await bridge.showOpenDialog({ kind: 'folder' })).toBe('/data/stack.tif');
    expect(await pair.ipcRenderer.invoke(IPC.openDialog, { kind: 'anything' })).toBeNull();
    expect(bridge.pathForFile({} as File)).toBe('/dropped/file.tif');
  });

  it('removes its handlers when disposed', async () => {
    const { bridge, dispose, pair } = setup(health);
    dispose();
    expect(pair.handlers.size).toBe(0);
    await expect(bridge.call('health', {}, 'r1')).rejects.toThrow(/No handler registered/);
  });
});

describe('destructive commands', () => {
  /**
   * An engine that records every call it is handed, before any check of its own (so "never
   * sees it" is exact, whatever the schema of the day accepts), and answers each with a job.
   */
  function recordingEngine() {
    const seen: { command: string; args: unknown }[] = [];
    const engine: EngineClient = {
      call: (async (command: string, args: unknown) => {
        seen.push({ command, args });
        return command === 'cancelRun' ? {} : { jobId: 'job-1' };
      }) as EngineClient['call'],
      onEvent: () => () => undefined,
      close: () => undefined,
    };
    return { engine, seen };
  }

  function connect(answer: (action: DestructiveAction) => boolean | Promise<boolean>) {
    const pair = ipcPair();
    const { engine, seen } = recordingEngine();
    const asked: { action: DestructiveAction; sender: unknown }[] = [];
    registerIpc({
      ipcMain: pair.ipcMain as never,
      engine,
      isTrusted: fromMainFrameOf(() => pair.window as never),
      showOpenDialog: async () => null,
      confirmDestructive: async (action, sender) => {
        asked.push({ action, sender });
        return answer(action);
      },
    });
    const bridge = createBridge(pair.ipcRenderer as never, { getPathForFile: () => '' });
    return { pair, bridge, seen, asked };
  }

  const destructive: [string, Record<string, unknown>, RegExp][] = [
    ['cancelRun', { runDir: '/data/run', deleteOutput: true }, /Delete the run folder \/data\/run\?/],
    ['exportRun', { runDir: '/data/run', out: '/data/sr.tif', force: true }, /Overwrite \/data\/sr\.tif\?/],
    [
      'startTraining',
      { input: { path: '/data/stack.tif' }, modelDir: '/data/model', force: true },
      /Replace the model in \/data\/model\?/,
    ],
  ];

  it.each(destructive)(
    'passes %s on once the user confirms, asking on the sender',
    async (command, args, question) => {
      const { bridge, seen, asked, pair } = connect(() => true);
      const reply = await bridge.call(command, args, 'r1');
      expect(reply.ok).toBe(true);
      expect(seen).toEqual([{ command, args }]);
      expect(asked).toHaveLength(1);
      expect(asked[0].action.question).toMatch(question);
      expect(asked[0].sender).toBe(pair.contents);
    },
  );

  it.each(destructive)(
    'refuses %s when the user declines, and the engine never sees it',
    async (command, args) => {
      const { bridge, seen, asked } = connect(() => false);
      const reply = await bridge.call(command, args, 'r1');
      expect(reply).toEqual({
        ok: false,
        error: {
          layer: 'api',
          tag: 'bad-request',
          message: expect.stringMatching(/^\S+ with \S+ was not confirmed: /),
        },
      });
      expect((reply as { error: { message: string } }).error.message).not.toContain('\n');
      expect(seen).toEqual([]);
      expect(asked).toHaveLength(1);
      // The request id is free again: a second try asks again.
      expect((await bridge.call(command, args, 'r1')).ok).toBe(false);
      expect(asked).toHaveLength(2);
    },
  );

  it('refuses when the dialog fails, and when the call is cancelled while the dialog is up', async () => {
    const failing = connect(() => Promise.reject(new Error('no display')));
    expect((await failing.bridge.call('cancelRun', { runDir: '/r', deleteOutput: true }, 'r1')).ok).toBe(
      false,
    );
    expect(failing.seen).toEqual([]);

    let answer!: (yes: boolean) => void;
    const slow = connect(() => new Promise<boolean>((resolve) => (answer = resolve)));
    const pending = slow.bridge.call('cancelRun', { runDir: '/r', deleteOutput: true }, 'r2');
    await new Promise((r) => setTimeout(r, 0));
    slow.bridge.cancel('r2');
    answer(true);
    expect((await pending).ok).toBe(false);
    expect(slow.seen).toEqual([]);
  });

  it('asks for any value of the flag the engine might read as yes, not only true', async () => {
    const { bridge, seen, asked } = connect(() => false);
    for (const deleteOutput of ['true', 1, null, {}])
      expect((await bridge.call('cancelRun', { runDir: '/r', deleteOutput }, 'r1')).ok).toBe(false);
    expect(asked).toHaveLength(4);
    expect(seen).toEqual([]);
  });

  it('leaves the same commands without the flag, and every other command, unasked', async () => {
    const { bridge, seen, asked } = connect(() => false);
    const calls: [string, Record<string, unknown>][] = [
      ['cancelRun', { runDir: '/data/run' }],
      ['cancelRun', { runDir: '/data/run', deleteOutput: false }],
      ['exportRun', { runDir: '/data/run', out: '/data/sr.tif' }],
      ['exportRun', { runDir: '/data/run', out: '/data/sr.tif', force: false }],
      ['startTraining', { input: { path: '/data/stack.tif' }, modelDir: '/data/model' }],
      ['startTraining', { input: { path: '/data/stack.tif' }, modelDir: '/data/model', resume: true }],
      ['startRun', { input: { path: '/s.tif' }, modelDir: '/m', runDir: '/r', force: true }],
      ['listRuns', {}],
    ];
    for (const [command, args] of calls) expect((await bridge.call(command, args, 'r1')).ok).toBe(true);
    expect(asked).toEqual([]);
    expect(seen).toEqual(calls.map(([command, args]) => ({ command, args })));
  });
});
