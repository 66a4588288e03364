/**
 * Choosing the tile size and batch from the memory a backend may use. Tiling costs
 * recomputed overlap: a tile of N input pixels keeps (N − 2m)² of N², so the work grows by
 * (N / (N − 2m))² (1.78× for N = 64, m = 8; 1.14× for N = 256). The largest tile that fits
 * therefore wins, and batching only helps once tiles are small.
 */
import type { NetworkConfig } from './networks/architecture.js';

export interface TilingChoice {
  /** Tile input size N (square). */
  tile: number;
  /** Tiles per forward pass. */
  batch: number;
  /** Estimated activation bytes of one forward pass. */
  bytes: number;
}

/** Live activations of one forward pass per input pixel: about three W-channel float32 maps (input, output, skip). */
export function activationBytesPerPixel(config: NetworkConfig): number {
  return 3 * config.width * 4;
}

/**
 * The largest tile (≤ the padded plane) and batch whose activations fit in `memoryBytes`.
 * @param memoryBytes budget for activations (default 512 MiB: safe for wasm's heap and small GPUs)
 * @example chooseTiling(2000, 5839, { kind: 'valid', width: 256, blocks: 7 }, 16, 8 << 30)
 */
export function chooseTiling(
  width: number,
  height: number,
  config: NetworkConfig,
  margin: number,
  memoryBytes = 512 * 2 ** 20,
): TilingChoice {
  const perPixel = activationBytesPerPixel(config);
  const largest = Math.max(width, height) + 2 * margin;
  const fits = Math.floor(Math.sqrt(memoryBytes / perPixel));
  const cap = Math.max(2 * margin + 2, Math.min(largest, fits, 4096));
  // Balance: as many tiles as the cap needs, then the smallest tile that still covers the
  // plane with that many, so the last tile does not overlap its neighbour more than needed.
  const nx = Math.ceil(width / (cap - 2 * margin));
  const ny = Math.ceil(height / (cap - 2 * margin));
  const tile = Math.min(
    cap,
    Math.max(2 * margin + 2, Math.max(Math.ceil(width / nx), Math.ceil(height / ny)) + 2 * margin),
  );
  const across = nx * ny;
  const batch = Math.max(1, Math.min(across, Math.floor(memoryBytes / (perPixel * tile * tile)), 64));
  return { tile, batch, bytes: batch * tile * tile * perPixel };
}
