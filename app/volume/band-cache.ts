/**
 * `withBandCache`: a bounded LRU of decoded bands in front of any BandSource. Concurrent
 * requests for the same band share one read. Bands are the cache unit because strips and
 * rows of tiles are what TIFFs can decode independently.
 */
import type { BandReadOptions, BandSource } from './band-source.js';
import type { TypedArray } from './types.js';

export interface BandCacheOptions {
  /** Budget for decoded bands, in bytes. Default 512 MiB: a band of every plane of a 2000×2000×2400 uint16 stack fits. */
  maxBytes?: number;
}

export interface BandCacheStats {
  hits: number;
  misses: number;
  bytes: number;
  maxBytes: number;
}

export interface CachedBandSource extends BandSource {
  readonly cacheStats: BandCacheStats;
}

export const DEFAULT_CACHE_BYTES = 512 * 1024 * 1024;

/** @example const cached = withBandCache(tiffSource, { maxBytes: 256 << 20 }) */
export function withBandCache(source: BandSource, options: BandCacheOptions = {}): CachedBandSource {
  const maxBytes = options.maxBytes ?? DEFAULT_CACHE_BYTES;
  const entries = new Map<string, TypedArray>(); // insertion order = LRU order
  const pending = new Map<string, Promise<TypedArray>>();
  const stats: BandCacheStats = { hits: 0, misses: 0, bytes: 0, maxBytes };

  const insert = (key: string, band: TypedArray): void => {
    if (band.byteLength > maxBytes) return;
    entries.set(key, band);
    stats.bytes += band.byteLength;
    while (stats.bytes > maxBytes) {
      const [oldest, value] = entries.entries().next().value as [string, TypedArray];
      entries.delete(oldest);
      stats.bytes -= value.byteLength;
    }
  };

  return {
    info: source.info,
    cacheStats: stats,
    planeOf: (z, c, t) => source.planeOf(z, c, t),
    bandRows: (plane) => source.bandRows(plane),
    async readBand(plane: number, band: number, opts: BandReadOptions = {}): Promise<TypedArray> {
      const key = `${plane}:${band}`;
      const hit = entries.get(key);
      if (hit) {
        stats.hits++;
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const inFlight = pending.get(key);
      if (inFlight) return inFlight;
      stats.misses++;
      const p = source.readBand(plane, band, opts);
      pending.set(key, p);
      try {
        const value = await p;
        if (opts.hint !== 'stream') insert(key, value);
        return value;
      } finally {
        pending.delete(key);
      }
    },
    // Direct row reads are for one-pass scans: never cached.
    readRows: source.readRows?.bind(source),
    close: () => source.close(),
  };
}
