/**
 * The engine behind the API: each command of `schemas.ts` implemented over app/volume and
 * app/run. Transport-free (the WebSocket server and, later, Electron IPC both call `call`).
 * Opened volumes are kept by id until `closeVolume` or `close`.
 *
 * @example
 *   const engine = new Engine();
 *   const info = await engine.call('openVolume', { path: 'stack.tif' });
 *   const { header, data } = await engine.call('readPlane', { volumeId: info.volumeId, axis: 'xy', index: 0 });
 */
import { resolve } from 'node:path';
import { BACKEND_NAMES, AUTO_ORDER, mayHaveGpu } from '../compute/index.js';
import { Jobs } from './jobs/jobs.js';
import type { WorkerLauncher } from './jobs/launcher.js';
import type { JobSpec } from './jobs/protocol.js';
import type { ModelPreview } from './jobs/tasks/preview-model.js';
import { compareRun, createRun, deleteRun, readManifest, runExportSource, runStatus } from '../run/index.js';
import { estimateSliceProfile, refuseExistingModel, refuseExistingModels, SrError } from '../sr/index.js';
import { ensureDefaultSample } from '../sample/index.js';
import { checkExportTarget, describeVolume, openVolume, type OpenVolumeOptions } from '../volume/index.js';
import type { Volume } from '../volume/index.js';
import { ApiError, WireCarryingError } from './errors.js';
import { JobEventRelay } from './job-events.js';
import { littleEndianBytes } from './little-endian.js';
import { MipTiles } from './mip-tiles.js';
import { binPlane } from './plane-bin.js';
import { RunPreviews } from './run-preview.js';
import { parseCommand } from './rpc/parse-command.js';
import {
  type ApiEvent,
  type CommandName,
  type CommandOutcome,
  type CommandArgs,
  type JobInfo,
  type ParsedArgs,
  type JobBackend,
  type RunSummary,
  type VolumeInfo,
} from './schemas.js';
import { StateStore } from './state-store.js';
import { packageInfo } from './version.js';

export { littleEndianBytes } from './little-endian.js';

export interface CallContext {
  /** Reports progress of this call (fraction 0…1); default: ignored. */
  onProgress?: (task: string, fraction: number) => void;
  signal?: AbortSignal;
}

export interface EngineOptions {
  /** Passed to every `openVolume` (cache budget etc.); default: the volume layer's defaults. */
  volumeOptions?: OpenVolumeOptions;
  /** Where recent files and known runs are kept; default `stateDir()` (ISOTROPE_STATE_DIR, XDG_CONFIG_HOME, ~/.config). */
  stateDir?: string;
  /** The compiled job worker; default dist/app/api/jobs/worker.js in the package root. */
  workerScript?: string;
  /** How job workers are started; default child_process.fork (the Electron engine host asks main). */
  launcher?: WorkerLauncher;
  /** How long pause/stop/cancel wait for a worker to stop on its own before killing it (default 30 s). */
  graceMs?: number;
}

type Handlers = { [C in CommandName]: (args: ParsedArgs<C>, ctx: CallContext) => Promise<CommandOutcome<C>> };

export class Engine {
  private readonly volumes = new Map<string, Volume>();
  private nextVolume = 1;
  private readonly listeners = new Set<(event: ApiEvent) => void>();
  /** The compute backend in use, once a command has started one; null until then. */
  backend: string | null = null;
  /** Its device and why it was chosen, as the job's worker reported them. */
  private engineInfo: JobBackend | undefined;

  private readonly relay = new JobEventRelay((e) => this.emit(e));
  readonly jobs: Jobs;
  private readonly mips = new MipTiles();
  private readonly previews = new RunPreviews();
  private stateStore: Promise<StateStore> | undefined;

  constructor(private readonly options: EngineOptions = {}) {
    this.jobs = new Jobs({
      workerScript: options.workerScript,
      launcher: options.launcher,
      graceMs: options.graceMs,
      onMessage: (job, m) => this.relay.message(job, m),
      onChange: (job) => {
        if (job.backend) {
          this.backend = job.backend.name;
          this.engineInfo = job.backend;
        }
        if (job.state !== 'running') this.relay.ended(job);
        this.emit({ event: 'job', job: publicJob(job) });
        if (job.state === 'failed' || job.state === 'crashed')
          this.emit({ event: 'error', error: job.error! });
      },
    });
  }

  /** Runs a command with typed arguments (still validated: callers may be untyped JavaScript). */
  async call<C extends CommandName>(
    command: C,
    args: CommandArgs<C>,
    ctx: CallContext = {},
  ): Promise<CommandOutcome<C>> {
    return this.dispatch(command, args, ctx) as Promise<CommandOutcome<C>>;
  }

  /**
   * Runs a command named by a string with unchecked arguments (what a transport receives).
   * Throws `ApiError('unknown-command' | 'bad-request')`, or the tagged error of the layer that failed.
   */
  async dispatch(
    command: string,
    args: unknown,
    ctx: CallContext = {},
  ): Promise<CommandOutcome<CommandName>> {
    const parsed = parseCommand(command, args);
    type AnyHandler = (a: unknown, c: CallContext) => Promise<CommandOutcome<CommandName>>;
    const handler = this.handlers[parsed.command] as AnyHandler;
    return handler(parsed.args, ctx);
  }

  /** Every event the engine raises (jobs, metrics, units, previews); returns the unsubscribe. */
  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  protected emit(event: ApiEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Stops every job (gracefully, then killed after the grace period) and closes every opened volume. */
  async close(): Promise<void> {
    await this.jobs.close();
    const open = [...this.volumes.values()];
    this.volumes.clear();
    await Promise.allSettled(open.map((v) => v.close()));
  }

  /** Number of volumes currently open (for tests and status). */
  get openVolumes(): number {
    return this.volumes.size;
  }

  private readonly handlers: Handlers = {
    health: async () => ({
      version: packageInfo().version,
      backend: this.backend ?? 'not started',
      ...(this.engineInfo ? { engine: this.engineInfo } : {}),
    }),
    backendInfo: async () => ({
      active: this.backend,
      names: [...BACKEND_NAMES],
      autoOrder: [...AUTO_ORDER],
      gpuDeviceNode: mayHaveGpu(),
    }),
    openVolume: async ({ path }) => {
      const info = this.register(await openVolume(path, this.options.volumeOptions));
      await this.remember({ path: info.path, kind: 'volume' });
      return info;
    },
    openSample: async (_args, ctx) => {
      const files = await ensureDefaultSample({
        onProgress: (f) => ctx.onProgress?.('generating sample', Math.min(1, Math.max(0, f))),
        signal: ctx.signal,
      });
      return this.register(await openVolume(files.stack, this.options.volumeOptions));
    },
    closeVolume: async ({ volumeId }) => {
      const v = this.volumes.get(volumeId);
      if (!v) return { closed: false };
      this.volumes.delete(volumeId);
      await v.close();
      return { closed: true };
    },
    readPlane: async ({ volumeId, axis, index, c = 0, t = 0 }, ctx) =>
      this.readPlane(volumeId, axis, index, c, t, 1, ctx),
    runStatus: async ({ runDir }) => runStatus(runDir),

    volumeInfo: async ({ volumeId }) => volumeInfo(volumeId, this.volume(volumeId)),
    estimateProfile: async ({ volumeId, channel, ...voxel }, ctx) =>
      estimateSliceProfile(this.volume(volumeId), {
        ...voxel,
        c: channel,
        signal: ctx.signal,
        onProgress: (fraction) => ctx.onProgress?.('estimating the slice profile', fraction),
      }),
    readPlaneBinned: async ({ volumeId, axis, index, bin, c = 0, t = 0 }, ctx) =>
      this.readPlane(volumeId, axis, index, c, t, bin, ctx),
    recentFiles: async () => ({ files: (await this.state()).recent }),

    startTraining: async ({ input, ...args }) => {
      const modelDir = resolve(args.modelDir);
      // Refused here, before a worker starts, so the caller gets the tagged error itself: a
      // model already there, then (the input's header read) a channel out of range or a model
      // in one of the per-channel directories MODEL_DIR/c<k>.
      refuseExistingModel(modelDir, args);
      const inputPath = this.inputPath(input);
      refuseExistingModels(modelDir, await this.channelCount(input), args, inputPath);
      const spec: JobSpec = { ...args, kind: 'train', input: inputPath, modelDir };
      const job = this.jobs.start(spec, modelDir);
      await this.remember({ path: modelDir, kind: 'model' });
      return job;
    },
    stopTraining: async ({ jobId }) => this.stopJob(jobId, 'train'),
    previewModel: async (a, ctx) => {
      const modelDir = resolve(a.modelDir);
      const input = this.inputPath(a.input);
      const spec: JobSpec = { ...a, kind: 'previewModel', modelDir, input, axis: a.axis ?? 'xz' };
      const job = this.jobs.start(spec, modelDir);
      const stop = (): void => {
        void this.jobs.stop(job.jobId);
      };
      ctx.signal?.addEventListener('abort', stop, { once: true });
      // The preview's planes are handed over here, once: the jobs table need not keep them.
      const ended = this.jobs.wait(job.jobId, { release: true });
      const end = await ended.finally(() => ctx.signal?.removeEventListener('abort', stop));
      if (end?.state === 'stopped' || ctx.signal?.aborted)
        throw new SrError('aborted', 'model preview cancelled');
      if (end?.state !== 'done')
        throw new WireCarryingError(
          end?.error ?? { layer: 'api', tag: 'internal', message: 'model preview failed' },
        );
      const p = end.result as ModelPreview;
      const both = new Float32Array(p.sr.length + p.bicubic.length);
      both.set(p.sr);
      both.set(p.bicubic, p.sr.length);
      const data = littleEndianBytes(both);
      return {
        header: {
          modelDir,
          axis: p.axis,
          index: p.index,
          width: p.width,
          height: p.height,
          rowUm: p.rowUm,
          pixelUm: p.pixelUm,
          range: p.range,
          dtype: 'float32',
          byteLength: data.byteLength,
          littleEndian: true,
        },
        data,
      };
    },

    listJobs: async () => ({ jobs: this.jobs.list().map(publicJob) }),
    cancelJob: async ({ jobId }) => this.stopJob(jobId),

    listRuns: async () => ({
      runs: await Promise.all((await this.state()).runs.map((r) => this.summary(r))),
    }),
    startRun: async ({ input, modelDir, runDir, ...options }) => {
      const dir = resolve(runDir);
      await createRun({ ...options, input: this.inputPath(input), model: modelDir, runDir: dir });
      return this.startRunJob(dir, options.backend);
    },
    pauseRun: async ({ runDir }) => {
      const job = this.jobs.runningFor(resolve(runDir));
      if (job) await this.jobs.stop(job.jobId);
      return this.summary(runDir);
    },
    resumeRun: async ({ runDir }) => {
      const dir = resolve(runDir);
      const running = this.jobs.runningFor(dir);
      if (running) return publicJob(running);
      await readManifest(dir);
      return this.startRunJob(dir);
    },
    cancelRun: async ({ runDir, deleteOutput }) => {
      const dir = resolve(runDir);
      const job = this.jobs.runningFor(dir);
      if (job) await this.jobs.stop(job.jobId);
      await (await this.state()).forgetRun(dir);
      if (!deleteOutput) return { runDir: dir, deleted: false };
      // Only a run's own entries, of a folder that is a run, that no process is writing (run/delete-run.ts).
      const { kept } = await deleteRun(dir);
      return kept.length > 0 ? { runDir: dir, deleted: true, kept } : { runDir: dir, deleted: true };
    },
    addRun: async ({ runDir }) => {
      const dir = resolve(runDir);
      await readManifest(dir);
      await (await this.state()).addRun(dir);
      await this.remember({ path: dir, kind: 'run' });
      return this.summary(dir);
    },
    finalizeRun: async ({ runDir }) => {
      const dir = resolve(runDir);
      await readManifest(dir);
      return publicJob(this.jobs.start({ kind: 'finalize', runDir: dir }, dir));
    },

    mipInfo: async ({ runDir }) => this.mips.info(runDir),
    readMipTile: async ({ runDir, source, axis, level, tx, ty, c, t }) =>
      this.mips.tile(runDir, source, axis, level, tx, ty, { c, t }),
    readPreview: async ({ runDir, source, c, t }) => this.previews.read(runDir, source, { c, t }),
    compareRun: async ({ runDir, out }) => compareRun(runDir, { out }),
    exportRun: async (args) => {
      const runDir = resolve(args.runDir);
      const out = resolve(args.out);
      const format = args.format ?? 'ome-tiff';
      await readManifest(runDir);
      // Refusals (an existing output without force, an incomplete run without partial) come back at once.
      await checkExportTarget(out, format, args.force ?? false);
      await runExportSource(runDir, { partial: args.partial });
      const spec: JobSpec = { ...args, kind: 'export', runDir, out, format };
      return publicJob(this.jobs.start(spec, out));
    },
  };

  private volume(volumeId: string): Volume {
    const v = this.volumes.get(volumeId);
    if (!v)
      throw new ApiError('unknown-volume', `no open volume ${JSON.stringify(volumeId)} (open it first)`);
    return v;
  }

  /** The file a VolumeRef names: an opened volume's path, or the path given. */
  private inputPath(ref: { volumeId: string } | { path: string }): string {
    return 'volumeId' in ref ? this.volume(ref.volumeId).path : resolve(ref.path);
  }

  /** The channel count of a command's input (a path is opened for its header only). */
  private async channelCount(ref: { volumeId: string } | { path: string }): Promise<number> {
    if ('volumeId' in ref) return this.volume(ref.volumeId).shape.c;
    const volume = await openVolume(resolve(ref.path), this.options.volumeOptions);
    try {
      return volume.shape.c;
    } finally {
      await volume.close();
    }
  }

  private async readPlane(
    volumeId: string,
    axis: 'xy' | 'xz' | 'yz',
    index: number,
    c: number,
    t: number,
    bin: number,
    ctx: CallContext,
  ) {
    const v = this.volume(volumeId);
    const opts = { c, t, signal: ctx.signal };
    const { x: W, y: H, z: Z } = v.shape;
    const [plane, width, height] =
      axis === 'xy'
        ? [await v.readPlaneXY(index, opts), W, H]
        : axis === 'xz'
          ? [await v.readPlaneXZ(index, opts), W, Z]
          : [await v.readPlaneYZ(index, opts), H, Z];
    const binned = binPlane(plane, width, height, bin);
    const data = littleEndianBytes(binned.data);
    return {
      header: {
        volumeId,
        axis,
        index,
        c,
        t,
        width: binned.width,
        height: binned.height,
        dtype: v.dtype,
        byteLength: data.byteLength,
        littleEndian: true as const,
      },
      data,
    };
  }

  private async stopJob(jobId: string, kind?: JobInfo['kind']): Promise<JobInfo> {
    const job = this.jobs.get(jobId);
    if (!job) throw new ApiError('bad-request', `no job ${JSON.stringify(jobId)} in this engine`);
    if (kind && job.kind !== kind)
      throw new ApiError('bad-request', `job ${jobId} is a ${job.kind} job, not ${kind}`);
    return publicJob((await this.jobs.stop(jobId))!);
  }

  private async startRunJob(runDir: string, backend?: string): Promise<JobInfo> {
    const job = this.jobs.start({ kind: 'run', runDir, backend }, runDir);
    await (await this.state()).addRun(runDir);
    await this.remember({ path: runDir, kind: 'run' });
    return job;
  }

  private async summary(runDir: string): Promise<RunSummary> {
    const dir = resolve(runDir);
    const jobId = this.jobs.runningFor(dir)?.jobId ?? null;
    try {
      return { runDir: dir, jobId, status: await runStatus(dir), problem: null };
    } catch (e) {
      return { runDir: dir, jobId, status: null, problem: (e as Error).message };
    }
  }

  private state(): Promise<StateStore> {
    return (this.stateStore ??= StateStore.open(this.options.stateDir));
  }

  /** Adds to the recent files; a state directory that cannot be written costs the list, not the call. */
  private async remember(entry: { path: string; kind: 'volume' | 'run' | 'model' }): Promise<void> {
    await (await this.state()).touch(entry).catch(() => undefined);
  }

  private register(v: Volume): VolumeInfo {
    const volumeId = `v${this.nextVolume++}`;
    this.volumes.set(volumeId, v);
    return volumeInfo(volumeId, v);
  }
}

function volumeInfo(volumeId: string, volume: Volume): VolumeInfo {
  return { volumeId, ...describeVolume(volume) };
}

/** JobInfo as the API shows it (results of preview jobs are bulky arrays: left out). */
function publicJob(job: JobInfo): JobInfo {
  return job.kind === 'previewModel' && job.result !== undefined ? { ...job, result: undefined } : job;
}
