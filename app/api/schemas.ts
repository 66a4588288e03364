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
import type { SrErrorTag } from '../sr/errors.js';
import type { RunErrorTag } from '../run/errors.js';
import type { ComputeErrorTag } from '../compute/errors.js';

// ---------------------------------------------------------------- errors

/** True when the two string unions are the same set; keeps the tag lists below in step with each layer's errors.ts. */
type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const check = <T extends true>(_: T): void => undefined;

export const VOLUME_ERROR_TAGS = ['not-found', 'not-tiff', 'truncated', 'malformed', 'unsupported', 'mismatch', 'empty',
  'out-of-range', 'aborted', 'write-failed', 'exists'] as const;
export const SR_ERROR_TAGS = ['bad-config', 'bad-weights', 'bad-tile', 'bad-input', 'bad-checkpoint', 'inference', 'aborted'] as const;
export const RUN_ERROR_TAGS = ['bad-input', 'exists', 'not-a-run', 'fingerprint-changed', 'params-changed', 'no-space',
  'unwritable', 'locked', 'incomplete', 'aborted'] as const;
export const COMPUTE_ERROR_TAGS = ['unknown-backend', 'unavailable', 'setup-failed', 'unsupported'] as const;
/** The API layer's own tags: bad-request (arguments or message failed validation), unknown-volume (no such volumeId), internal (a bug). */
export const API_ERROR_TAGS = ['bad-request', 'unknown-command', 'unknown-volume', 'internal'] as const;
check<SameSet<VolumeErrorTag, typeof VOLUME_ERROR_TAGS[number]>>(true);
check<SameSet<SrErrorTag, typeof SR_ERROR_TAGS[number]>>(true);
check<SameSet<RunErrorTag, typeof RUN_ERROR_TAGS[number]>>(true);
check<SameSet<ComputeErrorTag, typeof COMPUTE_ERROR_TAGS[number]>>(true);

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
export type ApiErrorTag = typeof API_ERROR_TAGS[number];

// ---------------------------------------------------------------- shared values

const int = z.number().int().nonnegative();
const Dims = z.object({ x: int, y: int, z: int });
export const Axis = z.enum(['xy', 'xz', 'yz']);
export type Axis = z.infer<typeof Axis>;
export const DType = z.enum(['uint8', 'uint16', 'uint32', 'int8', 'int16', 'int32', 'float32', 'float64']);

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
  processes: z.array(z.object({ pid: z.number(), hostname: z.string(), startedAt: z.string(), shard: z.string() })),
  finalized: z.boolean(),
  input: z.string(),
  output: z.object({ shape: Dims, dtype: z.string(), store: z.string() }),
  unitSeconds: z.number(),
});

const NoArgs = z.object({}).strict();

// ---------------------------------------------------------------- commands

/**
 * Every command: its arguments and its result. A `binary` command's result is its header;
 * its payload travels as raw bytes after it (a binary WebSocket frame).
 */
export const commands = {
  /** Version and the active (or 'not started') compute backend. */
  health: { args: NoArgs, result: z.object({ version: z.string(), backend: z.string() }) },
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
  /** Releases an opened volume. */
  closeVolume: { args: z.object({ volumeId: z.string().min(1) }).strict(), result: z.object({ closed: z.boolean() }) },
  /** One plane as raw little-endian samples: xy at z = index, xz at y = index, yz at x = index. */
  readPlane: {
    args: z.object({ volumeId: z.string().min(1), axis: Axis, index: int, c: int.optional(), t: int.optional() }).strict(),
    result: PlaneHeader,
    binary: true,
  },
  /** What a run directory says about itself (as `isotrope status --json`). */
  runStatus: { args: z.object({ runDir: z.string().min(1) }).strict(), result: RunStatusResult },
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export const COMMAND_NAMES = Object.keys(commands) as CommandName[];
export type CommandArgs<C extends CommandName> = z.input<Commands[C]['args']>;
export type ParsedArgs<C extends CommandName> = z.output<Commands[C]['args']>;
export type CommandResult<C extends CommandName> = z.output<Commands[C]['result']>;
export type BinaryCommand = { [C in CommandName]: Commands[C] extends { binary: true } ? C : never }[CommandName];
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
export const ApiEvent = z.discriminatedUnion('event', [ProgressEvent, ErrorEvent]);
export type ProgressEvent = z.infer<typeof ProgressEvent>;
export type ErrorEvent = z.infer<typeof ErrorEvent>;
export type ApiEvent = z.infer<typeof ApiEvent>;

// ---------------------------------------------------------------- wire messages (WebSocket)

export const RequestId = z.union([z.string().min(1).max(200), z.number().int()]);
export type RequestId = z.infer<typeof RequestId>;

/** Client → server: `{id, command, args}` (args validated against the command's schema separately). */
export const Request = z.object({ id: RequestId, command: z.string(), args: z.unknown().optional() });
export type Request = z.infer<typeof Request>;

/** Server → client. A binary reply is this JSON (binary: true, header) followed by one binary frame. */
export const Response = z.union([
  z.object({ id: RequestId, ok: z.literal(true), result: z.unknown() }),
  z.object({ id: RequestId, ok: z.literal(true), binary: z.literal(true), header: z.unknown() }),
  z.object({ id: RequestId.nullable(), ok: z.literal(false), error: WireError }),
]);
export type Response = z.infer<typeof Response>;
