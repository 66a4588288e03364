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
import { endianness } from 'node:os';
import { BACKEND_NAMES } from '../compute/backends/types.js';
import { AUTO_ORDER } from '../compute/registry.js';
import { mayHaveGpu } from '../compute/select.js';
import { runStatus } from '../run/status.js';
import { ensureDefaultSample } from '../sample/generate.js';
import { openVolume, type OpenVolumeOptions } from '../volume/open.js';
import type { TypedArray, Volume } from '../volume/types.js';
import { ApiError, describeZodError } from './errors.js';
import {
  commands, isCommandName, type ApiEvent, type CommandName, type CommandOutcome, type CommandArgs, type ParsedArgs, type VolumeInfo,
} from './schemas.js';
import { packageInfo } from './version.js';

export interface CallContext {
  /** Reports progress of this call (fraction 0…1); default: ignored. */
  onProgress?: (task: string, fraction: number) => void;
  signal?: AbortSignal;
}

export interface EngineOptions {
  /** Passed to every `openVolume` (cache budget etc.); default: the volume layer's defaults. */
  volumeOptions?: OpenVolumeOptions;
}

type Handlers = { [C in CommandName]: (args: ParsedArgs<C>, ctx: CallContext) => Promise<CommandOutcome<C>> };

export class Engine {
  private readonly volumes = new Map<string, Volume>();
  private nextVolume = 1;
  private readonly listeners = new Set<(event: ApiEvent) => void>();
  /** The compute backend in use, once a command has started one; null until then. */
  backend: string | null = null;

  constructor(private readonly options: EngineOptions = {}) {}

  /** Runs a command with typed arguments (still validated: callers may be untyped JavaScript). */
  async call<C extends CommandName>(command: C, args: CommandArgs<C>, ctx: CallContext = {}): Promise<CommandOutcome<C>> {
    return this.dispatch(command, args, ctx) as Promise<CommandOutcome<C>>;
  }

  /**
   * Runs a command named by a string with unchecked arguments (what a transport receives).
   * Throws `ApiError('unknown-command' | 'bad-request')`, or the tagged error of the layer that failed.
   */
  async dispatch(command: string, args: unknown, ctx: CallContext = {}): Promise<CommandOutcome<CommandName>> {
    if (!isCommandName(command)) throw new ApiError('unknown-command', `unknown command ${JSON.stringify(command)}`);
    const parsed = commands[command].args.safeParse(args ?? {});
    if (!parsed.success) {
      throw new ApiError('bad-request', `${command}: ${describeZodError(parsed.error)}`, { cause: parsed.error });
    }
    const handler = this.handlers[command] as (a: unknown, c: CallContext) => Promise<CommandOutcome<CommandName>>;
    return handler(parsed.data, ctx);
  }

  /** Every event the engine raises (jobs, metrics, units, previews); returns the unsubscribe. */
  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  protected emit(event: ApiEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Closes every opened volume. */
  async close(): Promise<void> {
    const open = [...this.volumes.values()];
    this.volumes.clear();
    await Promise.allSettled(open.map((v) => v.close()));
  }

  /** Number of volumes currently open (for tests and status). */
  get openVolumes(): number { return this.volumes.size; }

  private readonly handlers: Handlers = {
    health: async () => ({ version: packageInfo().version, backend: this.backend ?? 'not started' }),
    backendInfo: async () => ({
      active: this.backend, names: [...BACKEND_NAMES], autoOrder: [...AUTO_ORDER], gpuDeviceNode: mayHaveGpu(),
    }),
    openVolume: async ({ path }) => this.register(await openVolume(path, this.options.volumeOptions)),
    openSample: async (_args, ctx) => {
      const files = await ensureDefaultSample({
        onProgress: (f) => ctx.onProgress?.('generating sample', Math.min(1, Math.max(0, f))), signal: ctx.signal,
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
    readPlane: async ({ volumeId, axis, index, c = 0, t = 0 }, ctx) => {
      const v = this.volumes.get(volumeId);
      if (!v) throw new ApiError('unknown-volume', `no open volume ${JSON.stringify(volumeId)} (open it first)`);
      const opts = { c, t, signal: ctx.signal };
      const { x: W, y: H, z: Z } = v.shape;
      const [plane, width, height] = axis === 'xy' ? [await v.readPlaneXY(index, opts), W, H]
        : axis === 'xz' ? [await v.readPlaneXZ(index, opts), W, Z]
          : [await v.readPlaneYZ(index, opts), H, Z];
      const data = littleEndianBytes(plane);
      return {
        header: { volumeId, axis, index, c, t, width, height, dtype: v.dtype, byteLength: data.byteLength, littleEndian: true },
        data,
      };
    },
    runStatus: async ({ runDir }) => runStatus(runDir),
  };

  private register(v: Volume): VolumeInfo {
    const volumeId = `v${this.nextVolume++}`;
    this.volumes.set(volumeId, v);
    return {
      volumeId, path: v.path, format: v.format, shape: { ...v.shape }, dtype: v.dtype, voxelSize: { ...v.voxelSize },
      unit: 'µm', voxelSizeSource: v.voxelSizeSource, compression: v.compression, layout: v.layout, bytes: v.bytes,
      dimensionOrder: v.dimensionOrder,
    };
  }
}

/** The samples' bytes in little-endian order (a view on little-endian hosts, a swapped copy otherwise). */
export function littleEndianBytes(a: TypedArray): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const size = a.BYTES_PER_ELEMENT;
  if (endianness() === 'LE' || size === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += size) for (let k = 0; k < size; k++) out[i + k] = bytes[i + size - 1 - k];
  return out;
}
