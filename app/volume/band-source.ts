/**
 * The low-level face of every planar input: planes made of bands of full-width rows.
 * Formats implement this; `withBandCache` and `volumeFromBands` turn it into a `Volume`.
 */
import type { TypedArray, VolumeHeader } from './types.js';

export interface BandReadOptions {
  /** 'stream' reads through without filling the cache (one-pass scans must not evict what views use). */
  hint?: 'stream';
  signal?: AbortSignal;
}

export interface BandSource {
  readonly info: VolumeHeader;
  /** Linear plane index of (z, c, t), in the source's own order. */
  planeOf(z: number, c: number, t: number): number;
  /** Rows per band of a plane (the last band of a plane may be shorter). */
  bandRows(plane: number): number;
  /** Band `band` of plane `plane`: shape.x × rows samples, x fastest. */
  readBand(plane: number, band: number, options?: BandReadOptions): Promise<TypedArray>;
  /**
   * Optional fast path for one-pass scans: rows [y0, y1) of a plane, full width, written into
   * `into`. Resolves false when this plane cannot be read that way (compressed, tiled).
   */
  readRows?(
    plane: number,
    y0: number,
    y1: number,
    into: TypedArray,
    options?: BandReadOptions,
  ): Promise<boolean>;
  close(): Promise<void>;
}
