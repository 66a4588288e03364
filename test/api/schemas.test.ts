/** The contract's schemas: what they accept and what they reject. */
import { describe, expect, it } from 'vitest';
import { commands, isBinaryCommand, Request, WireError, COMMAND_NAMES } from '../../app/api/schemas.js';
import { toWireError, ApiError } from '../../app/api/errors.js';
import { VolumeError } from '../../app/volume/errors.js';
import { RunError } from '../../app/run/errors.js';
import { SrError } from '../../app/sr/errors.js';
import { RunOptionsSchema } from '../../app/run/run-options.js';
import { TrainOptionsSchema } from '../../app/sr/training/train-options.js';

describe('command schemas', () => {
  it('accept well-formed arguments', () => {
    expect(commands.readPlane.args.parse({ volumeId: 'v1', axis: 'xz', index: 3, c: 0, t: 1 })).toEqual({
      volumeId: 'v1',
      axis: 'xz',
      index: 3,
      c: 0,
      t: 1,
    });
    expect(commands.openVolume.args.parse({ path: '/a.tif' })).toEqual({ path: '/a.tif' });
    expect(commands.health.args.parse({})).toEqual({});
  });

  it.each([
    ['readPlane', { volumeId: 'v1', axis: 'xx', index: 0 }],
    ['readPlane', { volumeId: 'v1', axis: 'xy', index: -1 }],
    ['readPlane', { volumeId: 'v1', axis: 'xy', index: 1.5 }],
    ['readPlane', { volumeId: 'v1', axis: 'xy', index: '2' }],
    ['readPlane', { volumeId: 'v1', axis: 'xy' }],
    ['readPlane', { volumeId: '', axis: 'xy', index: 0 }],
    ['readPlane', { volumeId: 'v1', axis: 'xy', index: 0, extra: true }],
    ['openVolume', {}],
    ['openVolume', { path: '' }],
    ['openVolume', { path: 3 }],
    ['runStatus', { runDir: null }],
    ['health', { anything: 1 }],
  ] as const)('%s rejects %j', (name, args) => {
    expect(commands[name].args.safeParse(args).success).toBe(false);
  });

  it('marks the commands with a payload of samples, and only them, as binary', () => {
    expect(COMMAND_NAMES.filter(isBinaryCommand).sort()).toEqual([
      'previewModel',
      'readMipTile',
      'readPlane',
      'readPlaneBinned',
      'readPreview',
    ]);
  });

  it('requests need an id and a command', () => {
    expect(Request.safeParse({ id: 1, command: 'health' }).success).toBe(true);
    expect(Request.safeParse({ command: 'health' }).success).toBe(false);
    expect(Request.safeParse({ id: 1 }).success).toBe(false);
    expect(Request.safeParse({ id: {}, command: 'health' }).success).toBe(false);
  });
});

describe('startTraining and startRun arguments', () => {
  const input = { path: '/a.tif' };

  it("are the training and run layers' own options plus input, model and run directory", () => {
    const train = {
      input,
      modelDir: '/m',
      preset: 'tiny',
      maxPatches: 64,
      seed: 0,
      noise: false,
      checkpointEvery: 0.5,
      backend: 'ort-cpu',
    };
    expect(commands.startTraining.args.parse(train)).toEqual(train);
    expect(Object.keys(commands.startTraining.args.shape)).toEqual(
      expect.arrayContaining(['input', 'modelDir', 'backend', ...Object.keys(TrainOptionsSchema.shape)]),
    );
    const run = {
      input,
      modelDir: '/m',
      runDir: '/r',
      orientations: 'xz',
      dtype: 'uint16',
      unit: 16,
      unitZ: 8,
      tile: 96,
    };
    expect(commands.startRun.args.parse(run)).toEqual(run);
    expect(Object.keys(commands.startRun.args.shape)).toEqual(
      expect.arrayContaining(['input', 'modelDir', 'runDir', ...Object.keys(RunOptionsSchema.shape)]),
    );
  });

  it.each([
    ['startTraining', { input, modelDir: '/m', preset: 'huge' }],
    ['startTraining', { input, modelDir: '/m', maxPatches: 1.5 }],
    ['startTraining', { input, modelDir: '/m', timeBudget: 0 }],
    ['startTraining', { input, modelDir: '/m', threads: 2 }],
    ['startRun', { input, modelDir: '/m', runDir: '/r', unitZ: 0 }],
    ['startRun', { input, modelDir: '/m', runDir: '/r', orientations: 'xy' }],
    ['startRun', { input, modelDir: '/m', runDir: '/r', shard: '0/2' }],
  ] as const)('%s rejects %j', (name, args) => {
    expect(commands[name].args.safeParse(args).success).toBe(false);
  });
});

describe('errors on the wire', () => {
  it("keep each layer's tag and message, and validate against WireError", () => {
    const cases = [
      [
        new VolumeError('not-found', 'no such file', { file: '/x.tif' }),
        { layer: 'volume', tag: 'not-found' },
      ],
      [new RunError('not-a-run', 'no manifest.json', { file: '/run' }), { layer: 'run', tag: 'not-a-run' }],
      [new SrError('bad-weights', 'truncated'), { layer: 'sr', tag: 'bad-weights' }],
      [new ApiError('unknown-volume', 'no open volume'), { layer: 'api', tag: 'unknown-volume' }],
      [new Error('boom\nstack'), { layer: 'api', tag: 'internal', message: 'boom' }],
    ] as const;
    for (const [error, expected] of cases) {
      const wire = toWireError(error);
      expect(wire).toMatchObject(expected);
      expect(WireError.parse(JSON.parse(JSON.stringify(wire)))).toEqual(wire);
    }
    expect(toWireError(new VolumeError('not-found', 'no such file', { file: '/x.tif' })).message).toContain(
      '/x.tif',
    );
  });
});
