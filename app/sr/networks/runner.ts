/**
 * What inference needs of a network on any engine: its config and margin, and a forward pass
 * over host planes. tfjs networks (network.ts) and onnxruntime sessions (ort-runner.ts) both
 * implement it, so tiled inference, runs, evaluation and previews are written once.
 */
import type { ActiveBackend } from '../../compute/index.js';
import type { NetworkConfig } from './architecture.js';
import type { WeightMap } from './init.js';

/** What createRunner needs to know of a selected backend. */
export type EngineChoice = Pick<ActiveBackend, 'engine' | 'provider' | 'threads'>;

export interface NetworkRunner {
  readonly config: NetworkConfig;
  /** Pixels lost per side (input − output)/2; 0 for the padded network. */
  readonly margin: number;
  /**
   * n planes of h × w (row-major, one after another) → n planes of (h − 2m) × (w − 2m).
   * The result does not depend on n or on how planes were grouped (one plane is computed
   * the same way alone or in a batch), which is what makes tiling exact.
   */
  run(input: Float32Array, n: number, h: number, w: number): Promise<Float32Array>;
  dispose(): void | Promise<void>;
}

/**
 * The network of `config` with `weights` on `backend`: an ORT session for the ort-* engines,
 * else tf tensors on the active tfjs backend (the default when no backend is given).
 * @example const net = await createRunner(await selectBackend(), model.meta.config, model.weights)
 */
export async function createRunner(
  backend: EngineChoice | undefined,
  config: NetworkConfig,
  weights: WeightMap,
): Promise<NetworkRunner> {
  if (backend?.engine === 'ort') {
    const { createOrtRunner } = await import('./ort-runner.js');
    return createOrtRunner(config, weights, {
      provider: backend.provider ?? 'cpu',
      threads: backend.threads,
    });
  }
  const { createNetwork } = await import('./network.js');
  return createNetwork(config, weights);
}
