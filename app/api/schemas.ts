/**
 * The engine API's contract, defined once: every command's arguments and result, the
 * messages on the wire, the events and the error shape, as zod schemas with their inferred
 * types. The server, the Electron preload and the renderer import these; none re-declares them.
 *
 * @example
 *   const args = commands.readPlane.args.parse({ volumeId: 'v1', axis: 'xy', index: 3 });
 *   type Info = CommandResult<'openVolume'>;
 */
import { z } from 'zod';
import type { VolumeErrorTag } from '../volume/errors.js';
import type { SliceProfileSource } from '../volume/types.js';
import type { SrErrorTag } from '../sr/errors.js';
import type { RunErrorTag } from '../run/errors.js';
import type { ComputeErrorTag } from '../compute/errors.js';
import { ComputeOptionsSchema } from '../compute/compute-options.js';
import { RunOptionsSchema } from '../run/run-options.js';
import { TrainOptionsSchema } from '../sr/training/train-options.js';
import { ProfileOptionsSchema } from '../sr/profile/profile-options.js';
import { ExportFormatOption } from '../volume/export-options.js';

// ---------------------------------------------------------------- errors

/** True when the two string unions are the same set; keeps the tag lists below in step with each layer's errors.ts. */
type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const check = <T extends true>(_: T): void => undefined;

export const VOLUME_ERROR_TAGS = [
  'not-found',
  'not-tiff',
  'truncated',
  'malformed',
  'unsupported',
  'mismatch',
  'empty',
  'out-of-range',
  'aborted',
  'write-failed',
  'exists',
] as const;
export const SR_ERROR_TAGS = [
  'bad-config',
  'bad-weights',
  'bad-tile',
  'bad-input',
  'bad-checkpoint',
  'exists',
  'inference',
  'aborted',
] as const;
export const RUN_ERROR_TAGS = [
  'bad-input',
  'exists',
  'not-a-run',
  'fingerprint-changed',
  'params-changed',
  'no-space',
  'unwritable',
  'locked',
  'incomplete',
  'aborted',
] as const;
export const COMPUTE_ERROR_TAGS = ['unknown-backend', 'unavailable', 'setup-failed', 'unsupported'] as const;
/**
 * The API layer's own tags: bad-request (arguments or message failed validation), unknown-volume (no
 * such volumeId), busy (the connection already has as many requests in flight as the server allows;
 * retry once one is answered), internal (a bug).
 */
export const API_ERROR_TAGS = [
  'bad-request',
  'unknown-command',
  'unknown-volume',
  'busy',
  'internal',
] as const;
check<SameSet<VolumeErrorTag, (typeof VOLUME_ERROR_TAGS)[number]>>(true);
check<SameSet<SrErrorTag, (typeof SR_ERROR_TAGS)[number]>>(true);
check<SameSet<RunErrorTag, (typeof RUN_ERROR_TAGS)[number]>>(true);
check<SameSet<ComputeErrorTag, (typeof COMPUTE_ERROR_TAGS)[number]>>(true);

/**
 * An error as it crosses the wire: the layer that raised it, its tag (stable, for code to
 * branch on) and a one-line message for the user (names the file, plane or run concerned).
 */
export const WireError = z.discriminatedUnion('layer', [
  z.object({ layer: z.literal('volume'), tag: z.enum(VOLUME_ERROR_TAGS), message: z.string() }),
  z.object({ layer: z.literal('sr'), tag: z.enum(SR_ERROR_TAGS), message: z.string() }),
  z.object({ layer: z.literal('run'), tag: z.enum(RUN_ERROR_TAGS), message: z.string() }),
  z.object({ layer: z.literal('compute'), tag: z.enum(COMPUTE_ERROR_TAGS), message: z.string() }),
  z.object({ layer: z.literal('api'), tag: z.enum(API_ERROR_TAGS), message: z.string() }),
]);
export type WireError = z.infer<typeof WireError>;
export type ApiErrorTag = (typeof API_ERROR_TAGS)[number];

// ---------------------------------------------------------------- shared values

const int = z.number().int().nonnegative();
const Dims = z.object({ x: int, y: int, z: int });
export const Axis = z.enum(['xy', 'xz', 'yz']);
export type Axis = z.infer<typeof Axis>;
export const DType = z.enum(['uint8', 'uint16', 'uint32', 'int8', 'int16', 'int32', 'float32', 'float64']);

const SLICE_PROFILE_SOURCES = ['ome-xml', 'estimate'] as const;
check<SameSet<SliceProfileSource, (typeof SLICE_PROFILE_SOURCES)[number]>>(true);

/** A channel as shown: the file's name and colour (RRGGBB), else defaults (app/volume/channels.ts). */
export const ChannelDisplay = z.object({ name: z.string(), color: z.string().regex(/^[0-9A-F]{6}$/) });
/** A channel of a run's output: its index in the input, name and colour. */
export const RunChannel = ChannelDisplay.extend({ index: int });

/** What `isotrope info --json` says of a volume, minus the intensity scan, plus the id to read it by. */
export const VolumeInfo = z.object({
  volumeId: z.string(),
  path: z.string(),
  format: z.enum(['tiff', 'bigtiff', 'ome-tiff', 'imagej-tiff', 'imagej-raw', 'tiff-folder', 'ome-zarr']),
  shape: z.object({ x: int, y: int, z: int, c: int, t: int }),
  dtype: DType,
  /** µm; an axis is null when the file does not say. */
  voxelSize: z.object({ x: z.number().nullable(), y: z.number().nullable(), z: z.number().nullable() }),
  unit: z.literal('µm'),
  voxelSizeSource: z.enum(['ome-xml', 'imagej', 'tiff-resolution', 'ngff', 'user', 'none']),
  compression: z.string(),
  layout: z.string(),
  bytes: int,
  dimensionOrder: z.string(),
  /** The slice profile the file records (FWHMs in µm; an axis null when not said); null when none. */
  sliceProfile: z
    .object({
      axialFwhm: z.number().nullable(),
      lateralFwhm: z.number().nullable(),
      source: z.enum(SLICE_PROFILE_SOURCES),
    })
    .nullable()
    .optional(),
  /** What the reader worked around (e.g. damaged OME-XML read as plain pages); shown to the user. */
  warnings: z.array(z.string()).optional(),
  /** One per channel (shape.c); the engine always sends it. */
  channels: z.array(ChannelDisplay).optional(),
});
export type VolumeInfo = z.infer<typeof VolumeInfo>;

/** The JSON that precedes a plane's raw bytes: enough to view them as a typed array. */
export const PlaneHeader = z.object({
  volumeId: z.string(),
  axis: Axis,
  index: int,
  c: int,
  t: int,
  /** Samples per row: x for xy and xz, y for yz. */
  width: int,
  /** Rows: y for xy, z for xz and yz. */
  height: int,
  dtype: DType,
  /** width × height × bytes per sample. */
  byteLength: int,
  /** Always true: samples are sent little-endian whatever the host. */
  littleEndian: z.literal(true),
});
export type PlaneHeader = z.infer<typeof PlaneHeader>;

export const RunStatusResult = z.object({
  state: z.enum(['done', 'running', 'stopped']),
  unitsDone: int,
  unitsTotal: int,
  voxelsDone: int,
  voxelsTotal: int,
  processes: z.array(
    z.object({ pid: z.number(), hostname: z.string(), startedAt: z.string(), shard: z.string() }),
  ),
  finalized: z.boolean(),
  input: z.string(),
  output: z.object({ shape: Dims, dtype: z.string(), store: z.string() }),
  unitSeconds: z.number(),
  /** The input channels the run covers, in output order (one, channel 0, for a single-channel stack). */
  channels: z.array(RunChannel).optional(),
  /** The input time points the run covers, in output order ([0] for a stack without time). */
  timepoints: z.array(int).optional(),
  /** The confidence map's store (RUN_DIR/output.zarr/disagreement), for runs that write one. */
  disagreement: z.string().optional(),
});

const NoArgs = z.object({}).strict();

/** A half-open span [start, end) of voxels. */
const Span = z.object({ start: int, end: int });
/** Output voxels, as app/volume's Box. */
export const Box = z.object({ x: Span, y: Span, z: Span });
export type Box = z.infer<typeof Box>;
/** Projection axis of a MIP: along z (image X × Y), y (X × Z) or x (Y × Z); z is on rows for y and x. */
export const MipAxis = z.enum(['z', 'y', 'x']);
export type MipAxis = z.infer<typeof MipAxis>;
/** Which volume of a run an image comes from: the network's output or the bicubic (B-spline) baseline. */
export const ImageSource = z.enum(['sr', 'bicubic']);
export type ImageSource = z.infer<typeof ImageSource>;
/**
 * Which image of a run a MIP tile or the 3D preview shows: an ImageSource, or the orientations'
 * disagreement |xz − yz| / 2 (the confidence map; runs with params.confidence only).
 */
export const RunImage = z.enum(['sr', 'bicubic', 'disagreement']);
export type RunImage = z.infer<typeof RunImage>;
/** A display range shared by SR and bicubic (percentiles 0.1 / 99.9 over both, finished regions only). */
const Range = z.object({ lo: z.number(), hi: z.number() });
/** Either an opened volume (by id) or a path the engine opens itself. */
const VolumeRef = z.union([
  z.object({ volumeId: z.string().min(1) }).strict(),
  z.object({ path: z.string().min(1) }).strict(),
]);
const JobId = z.string().min(1);

export const JobKind = z.enum(['train', 'run', 'finalize', 'export', 'previewModel']);
export type JobKind = z.infer<typeof JobKind>;
/** running → done | failed | stopped (asked to stop; resumable) | crashed (the worker died; a run stays resumable). */
export const JobState = z.enum(['running', 'done', 'failed', 'stopped', 'crashed']);
export type JobState = z.infer<typeof JobState>;
/** The compute backend a job's worker activated: its name, its device and why it was chosen. */
export const JobBackend = z.object({ name: z.string(), device: z.string(), reason: z.string() });
export type JobBackend = z.infer<typeof JobBackend>;
export const JobInfo = z.object({
  jobId: JobId,
  kind: JobKind,
  state: JobState,
  /** ISO time. */
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /** The run or model directory, or export file, the job works on. */
  target: z.string(),
  /** Set when failed or crashed. */
  error: z.lazy(() => WireError).nullable(),
  /** Set once the worker has activated its backend (compute jobs only). */
  backend: JobBackend.nullable().optional(),
  /** The job's result when done (shape depends on kind; e.g. training's TrainResult summary). */
  result: z.unknown().optional(),
});
export type JobInfo = z.infer<typeof JobInfo>;

/** Training's options are training's own (app/sr/training/train-options.ts); the API adds input and MODEL_DIR. */
export const TrainArgs = z
  .object({
    input: VolumeRef,
    /** MODEL_DIR: gets model.safetensors, the checkpoint and history. */
    modelDir: z.string().min(1),
    ...TrainOptionsSchema.shape,
    backend: ComputeOptionsSchema.shape.backend,
  })
  .strict();

/** The slice-profile estimate's options are its own (app/sr/profile/profile-options.ts); the API adds the volume. */
export const ProfileArgs = z.object({ volumeId: z.string().min(1), ...ProfileOptionsSchema.shape }).strict();

/** What `isotrope profile --json` prints: the FWHM and its 95 % interval in µm, and how it was found. */
export const ProfileEstimate = z.object({
  fwhm: z.number(),
  fwhmSteps: z.number(),
  low: z.number(),
  high: z.number(),
  method: z.string(),
  extraFwhm: z.number(),
  lateralFwhm: z.number(),
  xyPixel: z.number(),
  zStep: z.number(),
  segments: z.object({ throughPlane: z.number(), inPlane: z.number() }),
  atLimit: z.enum(['low', 'high']).nullable(),
});
export type ProfileEstimate = z.infer<typeof ProfileEstimate>;

/** A run's options are the run layer's own (app/run/run-options.ts); the API adds input, model and RUN_DIR. */
export const RunArgs = z
  .object({
    input: VolumeRef,
    modelDir: z.string().min(1),
    /** RUN_DIR: must not exist or be empty. */
    runDir: z.string().min(1),
    ...RunOptionsSchema.shape,
  })
  .strict();

export const RunSummary = z.object({
  runDir: z.string(),
  /** The live job working on it in this engine, if any. */
  jobId: JobId.nullable(),
  /** From the run directory; null when it cannot be read (moved or deleted). */
  status: z.lazy(() => RunStatusResult).nullable(),
  /** Why status is null. */
  problem: z.string().nullable(),
});
export type RunSummary = z.infer<typeof RunSummary>;

/** Header of a MIP tile: float32 samples (NaN where no unit has finished yet), row-major. */
export const MipTileHeader = z.object({
  runDir: z.string(),
  source: RunImage,
  axis: MipAxis,
  /** 0 is full resolution; level L is 2^L× smaller (max over 2^L × 2^L blocks). */
  level: int,
  tx: int,
  ty: int,
  width: int,
  height: int,
  dtype: z.literal('float32'),
  byteLength: int,
  littleEndian: z.literal(true),
  unitsDone: int,
  unitsTotal: int,
  /** The input channel and time point of the tile. */
  c: int.optional(),
  t: int.optional(),
});
export type MipTileHeader = z.infer<typeof MipTileHeader>;

export const MipInfoResult = z.object({
  runDir: z.string(),
  /** Full-resolution projection sizes (width × height) per axis. */
  axes: z.object({
    z: z.object({ width: int, height: int }),
    y: z.object({ width: int, height: int }),
    x: z.object({ width: int, height: int }),
  }),
  /** Tiles are tileSize × tileSize at every level (edge tiles smaller). */
  tileSize: int,
  /** Levels per axis: enough that the coarsest fits one tile. */
  levels: z.object({ z: int, y: int, x: int }),
  /** Output voxel size (µm): x, y lateral, z axial (after SR, the same as x for an isotropic run). */
  voxelSize: z.object({ x: z.number(), y: z.number(), z: z.number() }),
  /** Shared SR/bicubic contrast per axis; null before any unit finished. */
  range: z.object({ z: Range.nullable(), y: Range.nullable(), x: Range.nullable() }),
  unitsDone: int,
  unitsTotal: int,
  /**
   * The run's channels, each with its own contrast (range above is the first's). Tiles are read
   * per channel (readMipTile's c) and time point (t: one of timepoints); the composite is the
   * client's additive blend of the channels in their colours.
   */
  channels: z
    .array(
      RunChannel.extend({
        range: z.object({ z: Range.nullable(), y: Range.nullable(), x: Range.nullable() }),
        /** The folder name of this channel's model, as the figures' title band names it. */
        model: z.string().optional(),
      }),
    )
    .optional(),
  timepoints: z.array(int).optional(),
  /** The stack's file name, as `isotrope compare`'s title band (and the UI's Export PNG) names it. */
  input: z.string().optional(),
  /** The folder name of the (first channel's) model, for the same title band. */
  model: z.string().optional(),
  /** Whether the input has a channel axis and a time axis: the title band then names the channel and time point. */
  planeAxes: z.object({ c: z.boolean(), t: z.boolean() }).optional(),
  /** With a confidence map: the disagreement MIPs' own range per axis (percentiles 0.1 / 99.9), for its colour map. */
  disagreement: z
    .object({ range: z.object({ z: Range.nullable(), y: Range.nullable(), x: Range.nullable() }) })
    .optional(),
});
export type MipInfoResult = z.infer<typeof MipInfoResult>;

/** Header of the 3D preview: float32 block means, x fastest, NaN where unfinished. */
export const PreviewHeader = z.object({
  runDir: z.string(),
  source: RunImage,
  dims: Dims,
  /** Output voxels per preview voxel along each axis. */
  factor: int,
  /** Preview voxel size in µm. */
  voxelSize: z.object({ x: z.number(), y: z.number(), z: z.number() }),
  range: Range.nullable(),
  /** Finished regions, in preview voxels (for the wireframe). */
  doneBoxes: z.array(Box),
  /** The input channel and time point shown. */
  c: int.optional(),
  t: int.optional(),
  dtype: z.literal('float32'),
  byteLength: int,
  littleEndian: z.literal(true),
  unitsDone: int,
  unitsTotal: int,
});
export type PreviewHeader = z.infer<typeof PreviewHeader>;

/** Header of a model preview: two float32 planes of width × height, SR first then bicubic. */
export const ModelPreviewHeader = z.object({
  modelDir: z.string(),
  axis: z.enum(['xz', 'yz']),
  index: int,
  width: int,
  height: int,
  /** Rows are output z planes; this many µm each (the lateral pixel size). */
  rowUm: z.number(),
  pixelUm: z.number(),
  range: Range,
  dtype: z.literal('float32'),
  byteLength: int,
  littleEndian: z.literal(true),
});
export type ModelPreviewHeader = z.infer<typeof ModelPreviewHeader>;

export const RecentFile = z.object({
  path: z.string(),
  kind: z.enum(['volume', 'run', 'model']),
  usedAt: z.string(),
});
export type RecentFile = z.infer<typeof RecentFile>;

// ---------------------------------------------------------------- commands

/**
 * Every command: its arguments and its result. A `binary` command's result is its header;
 * its payload travels as raw bytes after it (a binary WebSocket frame).
 */
export const commands = {
  /** Version and the active (or 'not started') compute backend. */
  /** `engine`: the backend's name, device (engine, execution provider, threads) and why, once a job has started one. */
  health: {
    args: NoArgs,
    result: z.object({ version: z.string(), backend: z.string(), engine: JobBackend.optional() }),
  },
  /** Which backends exist and which is active; starts nothing. */
  backendInfo: {
    args: NoArgs,
    result: z.object({
      active: z.string().nullable(),
      names: z.array(z.string()),
      autoOrder: z.array(z.string()),
      /** A GPU device node exists (Linux); otherwise webgpu is skipped by automatic choice. */
      gpuDeviceNode: z.boolean(),
    }),
  },
  /** Opens a stack (file or folder) lazily; the result's volumeId names it in later calls. */
  openVolume: { args: z.object({ path: z.string().min(1) }).strict(), result: VolumeInfo },
  /** Opens the bundled sample, generating it into the cache on first use (progress events meanwhile). */
  openSample: { args: NoArgs, result: VolumeInfo },
  /** Estimates the slice profile (z FWHM, µm, with a 95 % interval) of an opened volume from its voxels. */
  estimateProfile: { args: ProfileArgs, result: ProfileEstimate },
  /** Releases an opened volume. */
  closeVolume: {
    args: z.object({ volumeId: z.string().min(1) }).strict(),
    result: z.object({ closed: z.boolean() }),
  },
  /** One plane as raw little-endian samples: xy at z = index, xz at y = index, yz at x = index. */
  readPlane: {
    args: z
      .object({ volumeId: z.string().min(1), axis: Axis, index: int, c: int.optional(), t: int.optional() })
      .strict(),
    result: PlaneHeader,
    binary: true,
  },
  /** What a run directory says about itself (as `isotrope status --json`). */
  runStatus: { args: z.object({ runDir: z.string().min(1) }).strict(), result: RunStatusResult },

  /** The VolumeInfo of an opened volume. */
  volumeInfo: { args: z.object({ volumeId: z.string().min(1) }).strict(), result: VolumeInfo },
  /**
   * One plane at screen resolution: block means over bin × bin samples (bin 1 = full
   * resolution; header width/height are the binned sizes). Same header as readPlane.
   */
  readPlaneBinned: {
    args: z
      .object({
        volumeId: z.string().min(1),
        axis: Axis,
        index: int,
        bin: z.number().int().min(1).max(64),
        c: int.optional(),
        t: int.optional(),
      })
      .strict(),
    result: PlaneHeader,
    binary: true,
  },
  /** Volumes, runs and models used lately (newest first), kept by the engine across restarts. */
  recentFiles: { args: NoArgs, result: z.object({ files: z.array(RecentFile) }) },

  /** Starts (or with resume: continues) training in a worker; metrics arrive as trainingMetrics events. */
  startTraining: { args: TrainArgs, result: JobInfo },
  /** Stops a training job after its current step; the checkpoint lets startTraining {resume: true} continue. */
  stopTraining: { args: z.object({ jobId: JobId }).strict(), result: JobInfo },
  /** SR vs bicubic on one plane of a volume with a model (a short worker job; the result carries both planes). */
  previewModel: {
    args: z
      .object({
        modelDir: z.string().min(1),
        input: VolumeRef,
        axis: z.enum(['xz', 'yz']).optional(),
        index: int.optional(),
        /** Input channel previewed (default 0); a per-channel MODEL_DIR previews its c<k>. */
        c: int.optional(),
      })
      .strict(),
    result: ModelPreviewHeader,
    binary: true,
  },

  /** Every job this engine started (this session), newest first. */
  listJobs: { args: NoArgs, result: z.object({ jobs: z.array(JobInfo) }) },
  /** Stops any job (training checkpoints; a run stops after its unit in progress). */
  cancelJob: { args: z.object({ jobId: JobId }).strict(), result: JobInfo },

  /** Runs this engine knows (started here, or opened), with their status; survives restarts. */
  listRuns: { args: NoArgs, result: z.object({ runs: z.array(RunSummary) }) },
  /** Creates a run (validating input, model, output and disk first) and starts it in a worker. */
  startRun: { args: RunArgs, result: JobInfo },
  /** Stops a run's job after the unit in progress; it stays resumable. */
  pauseRun: { args: z.object({ runDir: z.string().min(1) }).strict(), result: RunSummary },
  /** Continues a stopped run (also one started by another process or before a restart). */
  resumeRun: { args: z.object({ runDir: z.string().min(1) }).strict(), result: JobInfo },
  /**
   * Stops a run and forgets it; with deleteOutput, also deletes the run's own entries (refused
   * with run 'not-a-run' for a folder that holds no run, 'locked' while any process works on it),
   * then the folder unless something else is in it (`kept`).
   */
  cancelRun: {
    args: z.object({ runDir: z.string().min(1), deleteOutput: z.boolean().optional() }).strict(),
    result: z.object({
      runDir: z.string(),
      deleted: z.boolean(),
      /** Entries left in the folder because the run did not write them (the folder then stays). */
      kept: z.array(z.string()).optional(),
    }),
  },
  /** Adds an existing run directory to listRuns (e.g. "Resume run…" in a menu). */
  addRun: { args: z.object({ runDir: z.string().min(1) }).strict(), result: RunSummary },
  /** Builds the pyramid, MIP PNGs and preview of a finished run (a worker job). */
  finalizeRun: { args: z.object({ runDir: z.string().min(1) }).strict(), result: JobInfo },

  /** Sizes, levels, voxel size and shared contrast of a run's MIPs (works mid-run). */
  mipInfo: { args: z.object({ runDir: z.string().min(1) }).strict(), result: MipInfoResult },
  /** One tile of a run's SR, bicubic or (with a confidence map) disagreement MIP, as float32. */
  readMipTile: {
    args: z
      .object({
        runDir: z.string().min(1),
        source: RunImage,
        axis: MipAxis,
        level: int,
        tx: int,
        ty: int,
        /** Input channel and time point (default: the run's first of each). */
        c: int.optional(),
        t: int.optional(),
      })
      .strict(),
    result: MipTileHeader,
    binary: true,
  },
  /** The run's downsampled (≤ 256 per side) preview volume, as float32, with the finished regions. */
  readPreview: {
    args: z
      .object({ runDir: z.string().min(1), source: RunImage, c: int.optional(), t: int.optional() })
      .strict(),
    result: PreviewHeader,
    binary: true,
  },
  /** Writes the side-by-side, difference and MIP PNGs (as `isotrope compare`); works mid-run. */
  compareRun: {
    args: z.object({ runDir: z.string().min(1), out: z.string().min(1).optional() }).strict(),
    result: z.object({ files: z.array(z.string()), unitsDone: int, unitsTotal: int }),
  },
  /** Exports a run's SR volume (as `isotrope export`), in a worker; never over an existing output without force. */
  exportRun: {
    args: z
      .object({
        runDir: z.string().min(1),
        out: z.string().min(1),
        format: ExportFormatOption,
        /** Replace an existing output (a file, or for zarr a Zarr store); without it an existing out is refused (volume 'exists'). */
        force: z.boolean().optional(),
        /** Export a run whose units are not all done (the rest reads as 0; the output's metadata says partial); without it refused (run 'incomplete'). */
        partial: z.boolean().optional(),
      })
      .strict(),
    result: JobInfo,
  },
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export const COMMAND_NAMES = Object.keys(commands) as CommandName[];
export type CommandArgs<C extends CommandName> = z.input<Commands[C]['args']>;
export type ParsedArgs<C extends CommandName> = z.output<Commands[C]['args']>;
export type CommandResult<C extends CommandName> = z.output<Commands[C]['result']>;
export type BinaryCommand = {
  [C in CommandName]: Commands[C] extends { binary: true } ? C : never;
}[CommandName];
/** What an engine handler returns: the result, or for a binary command its header and bytes. */
export type CommandOutcome<C extends CommandName> = C extends BinaryCommand
  ? { header: CommandResult<C>; data: Uint8Array }
  : CommandResult<C>;

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}

export function isBinaryCommand(name: CommandName): name is BinaryCommand {
  return 'binary' in commands[name];
}

// ---------------------------------------------------------------- events

export const ProgressEvent = z.object({
  event: z.literal('progress'),
  /** The request this progress belongs to. */
  id: z.union([z.string(), z.number()]),
  /** What is progressing, e.g. 'generating sample'. */
  task: z.string(),
  /** 0…1. */
  fraction: z.number().min(0).max(1),
});
/** An error not tied to one request (e.g. an unreadable message). */
export const ErrorEvent = z.object({ event: z.literal('error'), error: WireError });
/** A job started or changed state (the full JobInfo, so clients need not poll). */
export const JobEvent = z.object({ event: z.literal('job'), job: JobInfo });
/** One training step's figures (valLoss on the step that ends an epoch). */
export const TrainingMetricsEvent = z.object({
  event: z.literal('trainingMetrics'),
  jobId: JobId,
  modelDir: z.string(),
  step: int,
  patches: int,
  epoch: int,
  loss: z.number(),
  valLoss: z.number().optional(),
  bestValLoss: z.number().nullable(),
  patchesPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  elapsed: z.number(),
  /** The input channel training now, and every channel the job trains in order (one model each). */
  channel: int.optional(),
  channels: z.array(int).optional(),
});
/** A run's overall progress, after each unit. */
export const RunProgressEvent = z.object({
  event: z.literal('runProgress'),
  jobId: JobId,
  runDir: z.string(),
  unitsDone: int,
  unitsTotal: int,
  voxelsPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
});
/** A unit's output is durable: its box (output voxels) can be redrawn; MIPs and preview include it. */
export const UnitDoneEvent = z.object({
  event: z.literal('unitDone'),
  jobId: JobId,
  runDir: z.string(),
  unit: int,
  box: Box,
  /** The input channel and time point the unit belongs to. */
  c: int.optional(),
  t: int.optional(),
});
/** A run's preview volume and MIPs changed (throttled to about one a second): refetch what is shown. */
export const PreviewUpdatedEvent = z.object({
  event: z.literal('previewUpdated'),
  runDir: z.string(),
  unitsDone: int,
  unitsTotal: int,
});
export const ApiEvent = z.discriminatedUnion('event', [
  ProgressEvent,
  ErrorEvent,
  JobEvent,
  TrainingMetricsEvent,
  RunProgressEvent,
  UnitDoneEvent,
  PreviewUpdatedEvent,
]);
export type JobEvent = z.infer<typeof JobEvent>;
export type TrainingMetricsEvent = z.infer<typeof TrainingMetricsEvent>;
export type RunProgressEvent = z.infer<typeof RunProgressEvent>;
export type UnitDoneEvent = z.infer<typeof UnitDoneEvent>;
export type PreviewUpdatedEvent = z.infer<typeof PreviewUpdatedEvent>;
export type ProgressEvent = z.infer<typeof ProgressEvent>;
export type ErrorEvent = z.infer<typeof ErrorEvent>;
export type ApiEvent = z.infer<typeof ApiEvent>;

// ---------------------------------------------------------------- wire messages (WebSocket)

export const RequestId = z.union([z.string().min(1).max(200), z.number().int()]);
export type RequestId = z.infer<typeof RequestId>;

/** Client → server: `{id, command, args}` (args validated against the command's schema separately). */
export const Request = z.object({ id: RequestId, command: z.string(), args: z.unknown().optional() });
export type Request = z.infer<typeof Request>;
/** Client → server: abandon the request `cancel` (its signal aborts; it answers with an 'aborted' error). */
export const CancelRequest = z.object({ cancel: RequestId }).strict();
export type CancelRequest = z.infer<typeof CancelRequest>;

/** Server → client. A binary reply is this JSON (binary: true, header) followed by one binary frame. */
export const Response = z.union([
  z.object({ id: RequestId, ok: z.literal(true), result: z.unknown() }),
  z.object({ id: RequestId, ok: z.literal(true), binary: z.literal(true), header: z.unknown() }),
  z.object({ id: RequestId.nullable(), ok: z.literal(false), error: WireError }),
]);
export type Response = z.infer<typeof Response>;
