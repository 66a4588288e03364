/**
 * The UI's cache of one run's MIP tiles (the engine's MipTiles serves them), fetched on demand: `want` says which tiles the views show now (in load
 * order); tiles no longer wanted have their requests aborted, missing ones are fetched a few at a
 * time, and fetched tiles live in a byte-bounded LRU. `refresh` (on previewUpdated) marks every
 * cached tile stale: stale tiles are still drawn, and refetched when wanted, so the MIP fills in
 * as the run progresses without flashing blank.
 *
 * @example
 *   const tiles = new MipTileCache(client, runDir, { onChange: redraw });
 *   tiles.want([{ source: 'sr', axis: 'z', level: 2, tx: 0, ty: 0 }]);
 *   tiles.get(key)?.data;   // Float32Array, NaN where no unit has finished
 */
import type { EngineClient, MipAxis, RunImage, MipTileHeader } from '../../../app/api/contract.js';
import { isAborted } from '../lib/errors.js';
import { LruCache } from './lru-cache.js';
import type { TileCoord } from './visible-tiles.js';

export interface TileKey extends TileCoord {
  source: RunImage;
  axis: MipAxis;
  /** Input channel and time point of a multi-channel or time-lapse run (absent: the run's first). */
  c?: number;
  t?: number;
}
export interface Tile {
  header: MipTileHeader;
  data: Float32Array;
  generation: number;
}

export interface MipTileCacheOptions {
  /** Called after a tile arrives or a fetch fails (coalesce redraws yourself). */
  onChange?: () => void;
  /** Called with a fetch's error (not for aborts). */
  onError?: (error: unknown, key: TileKey) => void;
  /** Cache budget; default 96 MiB (≈ 96 full 512² float32 tiles, several screens at any level). */
  budgetBytes?: number;
  /** Requests in flight at once; default 6 (enough to hide latency, few enough to abort cheaply). */
  concurrency?: number;
}

export function tileKey(k: TileKey): string {
  const plane = `${k.c === undefined ? '' : `/c${k.c}`}${k.t === undefined ? '' : `/t${k.t}`}`;
  return `${k.source}/${k.axis}/${k.level}/${k.tx}/${k.ty}${plane}`;
}

/** A binary payload as float32 samples, copying only when the bytes are not 4-aligned. */
export function asFloat32(bytes: Uint8Array): Float32Array {
  if (bytes.byteOffset % 4 === 0)
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
  return new Float32Array(bytes.slice().buffer, 0, bytes.byteLength >> 2);
}

export class MipTileCache {
  private readonly cache: LruCache<Tile>;
  private readonly inFlight = new Map<string, { key: TileKey; controller: AbortController }>();
  private queue: TileKey[] = [];
  private wanted = new Set<string>();
  /** Tiles whose fetch failed in this generation: not retried until the next refresh. */
  private failed = new Set<string>();
  private generation = 0;
  private disposed = false;
  private readonly concurrency: number;

  constructor(
    private readonly client: EngineClient,
    readonly runDir: string,
    private readonly options: MipTileCacheOptions = {},
  ) {
    this.cache = new LruCache(options.budgetBytes ?? 96 << 20);
    this.concurrency = options.concurrency ?? 6;
  }

  /** A cached tile (possibly stale), without changing its recency. */
  get(key: TileKey): Tile | undefined {
    return this.cache.peek(tileKey(key));
  }

  /** Requests currently in flight (for tests and a loading indicator). */
  get pending(): number {
    return this.inFlight.size + this.queue.length;
  }

  /** The tiles shown now, most urgent first; replaces any earlier wish. */
  want(keys: TileKey[]): void {
    if (this.disposed) return;
    this.wanted = new Set(keys.map(tileKey));
    for (const [k, f] of this.inFlight) {
      if (!this.wanted.has(k)) {
        f.controller.abort();
        this.inFlight.delete(k);
      }
    }
    this.queue = [];
    for (const key of keys) {
      const k = tileKey(key);
      const cached = this.cache.get(k); // touch: shown tiles are the most recently used
      if (this.inFlight.has(k) || this.failed.has(k) || (cached && cached.generation === this.generation))
        continue;
      this.queue.push(key);
    }
    this.pump();
  }

  /** The run changed: keep drawing what is cached, but refetch every wanted tile. */
  refresh(): void {
    this.generation++;
    this.failed.clear();
    for (const f of this.inFlight.values()) f.controller.abort();
    this.inFlight.clear();
    const keys = [...this.wanted].map((k) => this.keyOf(k));
    this.wanted = new Set();
    this.want(keys);
  }

  dispose(): void {
    this.disposed = true;
    for (const f of this.inFlight.values()) f.controller.abort();
    this.inFlight.clear();
    this.queue = [];
    this.cache.clear();
  }

  private keyOf(k: string): TileKey {
    const [source, axis, level, tx, ty, ...plane] = k.split('/');
    const key: TileKey = {
      source: source as RunImage,
      axis: axis as MipAxis,
      level: +level,
      tx: +tx,
      ty: +ty,
    };
    for (const part of plane) {
      if (part.startsWith('c')) key.c = Number(part.slice(1));
      if (part.startsWith('t')) key.t = Number(part.slice(1));
    }
    return key;
  }

  private pump(): void {
    while (this.inFlight.size < this.concurrency && this.queue.length > 0) {
      const key = this.queue.shift()!;
      void this.fetch(key);
    }
  }

  private async fetch(key: TileKey): Promise<void> {
    const k = tileKey(key);
    const controller = new AbortController();
    const generation = this.generation;
    this.inFlight.set(k, { key, controller });
    try {
      const { header, data } = await this.client.call(
        'readMipTile',
        { runDir: this.runDir, ...key },
        { signal: controller.signal },
      );
      if (controller.signal.aborted || this.disposed) return;
      const samples = asFloat32(data);
      this.cache.set(k, { header, data: samples, generation }, samples.byteLength);
      this.options.onChange?.();
    } catch (error) {
      if (controller.signal.aborted || this.disposed || isAborted(error)) return;
      if (generation === this.generation) this.failed.add(k);
      this.options.onError?.(error, key);
      this.options.onChange?.();
    } finally {
      if (this.inFlight.get(k)?.controller === controller) this.inFlight.delete(k);
      if (!this.disposed) this.pump();
    }
  }
}
