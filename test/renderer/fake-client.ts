/**
 * A fake engine for renderer tests: an `EngineClient` that answers commands from canned data
 * (a 256 × 256 × 64 uint16 sample, an empty run list, jobs that start at once), records every
 * call with its arguments and signal, can be told to fail a command with a WireError or to
 * hold its answer until the test releases it, and emits events on demand.
 *
 * @example
 *   const fake = new FakeClient();
 *   fake.fail('openVolume', { layer: 'volume', tag: 'not-found', message: 'no such file: /x.tif' });
 *   fake.on('listRuns', () => ({ runs: [] }));
 *   fake.emit({ event: 'runProgress', jobId: 'j1', runDir: '/r', unitsDone: 1, unitsTotal: 4, voxelsPerSecond: 1e6, etaSeconds: 30 });
 *   expect(fake.callsOf('openSample')).toHaveLength(1);
 */
import type { CallOptions, EngineClient } from '../../app/api/client.js';
import type {
  ApiEvent,
  CommandArgs,
  CommandName,
  CommandOutcome,
  JobInfo,
  JobKind,
  PlaneHeader,
  VolumeInfo,
  WireError,
} from '../../app/api/schemas.js';

export interface FakeCall<C extends CommandName = CommandName> {
  command: C;
  args: CommandArgs<C>;
  options: CallOptions;
}

/** Answers one command; may be async, may throw (a thrown WireError-shaped object becomes the rejection). */
export type FakeHandler<C extends CommandName> = (
  args: CommandArgs<C>,
  options: CallOptions,
  fake: FakeClient,
) => CommandOutcome<C> | Promise<CommandOutcome<C>>;
type Handlers = { [C in CommandName]?: FakeHandler<C> };

/**
 * The rejection of a failed call, shaped as the transports' EngineCallError (layer, tag,
 * message, wire) without importing a transport.
 */
export class FakeCallError extends Error {
  override readonly name = 'EngineCallError';
  readonly layer: WireError['layer'];
  readonly tag: WireError['tag'];
  constructor(readonly wire: WireError) {
    super(wire.message);
    this.layer = wire.layer;
    this.tag = wire.tag;
  }
}

/** The sample's metadata as the engine reports it (the bundled sample is 256 × 256 × 64 uint16). */
export function sampleInfo(overrides: Partial<VolumeInfo> = {}): VolumeInfo {
  return {
    volumeId: 'v1',
    path: '/cache/isotrope/sample/sample.ome.tif',
    format: 'ome-tiff',
    shape: { x: 256, y: 256, z: 64, c: 1, t: 1 },
    dtype: 'uint16',
    voxelSize: { x: 0.4, y: 0.4, z: 1.6 },
    unit: 'µm',
    voxelSizeSource: 'ome-xml',
    compression: 'none',
    layout: 'strips',
    bytes: 256 * 256 * 64 * 2,
    dimensionOrder: 'XYZCT',
    ...overrides,
  };
}

/** A job in state 'running' (or as overridden), started now. */
export function fakeJob(kind: JobKind, target: string, overrides: Partial<JobInfo> = {}): JobInfo {
  return {
    jobId: `${kind}-1`,
    kind,
    state: 'running',
    startedAt: new Date(0).toISOString(),
    endedAt: null,
    target,
    error: null,
    ...overrides,
  };
}

/** Plane sizes (width × height) of an axis of a volume, binned by `bin` (rounded up, as block means). */
function planeSize(info: VolumeInfo, axis: PlaneHeader['axis'], bin: number): [number, number] {
  const { x, y, z } = info.shape;
  const [w, h] = axis === 'xy' ? [x, y] : axis === 'xz' ? [x, z] : [y, z];
  return [Math.ceil(w / bin), Math.ceil(h / bin)];
}

/** A uint16 plane whose samples are `index + column + row` (so a test can tell planes apart). */
function syntheticPlane(
  info: VolumeInfo,
  axis: PlaneHeader['axis'],
  index: number,
  bin: number,
): CommandOutcome<'readPlane'> {
  const [width, height] = planeSize(info, axis, bin);
  const samples = new Uint16Array(width * height);
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) samples[r * width + c] = index + c + r;
  const header: PlaneHeader = {
    volumeId: info.volumeId,
    axis,
    index,
    c: 0,
    t: 0,
    width,
    height,
    dtype: 'uint16',
    byteLength: samples.byteLength,
    littleEndian: true,
  };
  return { header, data: new Uint8Array(samples.buffer) };
}

export class FakeClient implements EngineClient {
  readonly calls: FakeCall[] = [];
  readonly handlers: Handlers;
  private readonly listeners = new Set<(event: ApiEvent) => void>();
  private readonly held = new Map<CommandName, (() => void)[]>();
  closed = false;

  constructor(handlers: Handlers = {}) {
    this.handlers = { ...defaultHandlers(), ...handlers };
  }

  /** Replaces the answer to one command. */
  on<C extends CommandName>(command: C, handler: FakeHandler<C>): this {
    (this.handlers as Record<string, unknown>)[command] = handler;
    return this;
  }

  /** Makes a command reject with this wire error (as every transport does). */
  fail<C extends CommandName>(command: C, error: WireError): this {
    return this.on(command, () => {
      throw new FakeCallError(error);
    });
  }

  /** Holds a command's answers until `release(command)`; an abort meanwhile rejects at once. */
  hold(command: CommandName): this {
    this.held.set(command, []);
    return this;
  }

  /** Lets the held calls of a command answer (in order) and stops holding it. */
  release(command: CommandName): void {
    const waiting = this.held.get(command) ?? [];
    this.held.delete(command);
    for (const go of waiting) go();
  }

  /** Broadcasts an event to every listener (as the engine does). */
  emit(event: ApiEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  callsOf<C extends CommandName>(command: C): FakeCall<C>[] {
    return this.calls.filter((c) => c.command === command) as unknown as FakeCall<C>[];
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  async call<C extends CommandName>(
    command: C,
    args: CommandArgs<C>,
    options: CallOptions = {},
  ): Promise<CommandOutcome<C>> {
    this.calls.push({ command, args, options } as unknown as FakeCall);
    const { signal } = options;
    // As the engine answers a cancelled request: a tagged 'aborted' error.
    const aborted = (): FakeCallError =>
      new FakeCallError({ layer: 'volume', tag: 'aborted', message: `${command} aborted` });
    if (signal?.aborted) throw aborted();
    const waiting = this.held.get(command);
    if (waiting) {
      await new Promise<void>((resolve, reject) => {
        waiting.push(resolve);
        signal?.addEventListener('abort', () => reject(aborted()), { once: true });
      });
    }
    const handler = this.handlers[command] as FakeHandler<C> | undefined;
    if (!handler)
      throw new FakeCallError({
        layer: 'api',
        tag: 'unknown-command',
        message: `the fake engine has no answer for ${command}`,
      });
    const outcome = await handler(args, options, this);
    if (signal?.aborted) throw aborted();
    return outcome;
  }

  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
  }
}

function defaultHandlers(): Handlers {
  const info = sampleInfo();
  return {
    health: () => ({ version: '0.1.0', backend: 'wasm' }),
    backendInfo: () => ({
      active: 'wasm',
      names: ['tensorflow', 'webgpu', 'wasm', 'cpu'],
      autoOrder: ['tensorflow', 'webgpu', 'wasm', 'cpu'],
      gpuDeviceNode: false,
    }),
    openSample: (_args, options) => {
      options.onProgress?.('generating sample', 0.5);
      options.onProgress?.('generating sample', 1);
      return info;
    },
    openVolume: ({ path }) => ({
      ...info,
      path,
      format: 'tiff',
      voxelSizeSource: 'none',
      voxelSize: { x: null, y: null, z: null },
    }),
    volumeInfo: () => info,
    closeVolume: () => ({ closed: true }),
    readPlane: ({ axis, index }) => syntheticPlane(info, axis, index, 1),
    readPlaneBinned: ({ axis, index, bin }) => syntheticPlane(info, axis, index, bin),
    recentFiles: () => ({ files: [] }),
    listJobs: () => ({ jobs: [] }),
    listRuns: () => ({ runs: [] }),
    startTraining: ({ modelDir }) => fakeJob('train', modelDir),
    stopTraining: ({ jobId }) => ({
      ...fakeJob('train', '/model'),
      jobId,
      state: 'stopped',
      endedAt: new Date(1000).toISOString(),
    }),
    cancelJob: ({ jobId }) => ({
      ...fakeJob('run', '/run'),
      jobId,
      state: 'stopped',
      endedAt: new Date(1000).toISOString(),
    }),
    startRun: ({ runDir }) => fakeJob('run', runDir),
    pauseRun: ({ runDir }) => ({ runDir, jobId: null, status: null, problem: null }),
    resumeRun: ({ runDir }) => fakeJob('run', runDir, { jobId: 'run-2' }),
    cancelRun: ({ runDir }) => ({ runDir, deleted: false }),
    addRun: ({ runDir }) => ({ runDir, jobId: null, status: null, problem: null }),
    previewModel: ({ modelDir }) => {
      const width = 64,
        height = 32;
      const planes = new Float32Array(width * height * 2).map((_, i) => i % width);
      return {
        header: {
          modelDir,
          axis: 'xz',
          index: 128,
          width,
          height,
          rowUm: 0.4,
          pixelUm: 0.4,
          range: { lo: 0, hi: 63 },
          dtype: 'float32',
          byteLength: planes.byteLength,
          littleEndian: true,
        },
        data: new Uint8Array(planes.buffer),
      };
    },
  };
}
