/**
 * Deterministic weight initialisation: He (Kaiming) normal for conv weights, zero biases, and
 * by default a zero tail so that an untrained network is exactly the identity on its (cropped)
 * input — training starts from the cubic baseline rather than from noise. Seeded (mulberry32 +
 * Box–Muller), never Math.random, so a run is a pure function of its seed.
 */
import { mulberry32 } from '../../math/index.js';
import { convLayers, KERNEL, type NetworkConfig } from './architecture.js';

/** Host-side weights: name → shape and float32 data (HWIO for convs). */
export type WeightMap = Map<string, { shape: number[]; data: Float32Array }>;

export interface InitOptions {
  /** PRNG seed. Default 1. */
  seed?: number;
  /** Zero the tail conv so the network starts as the identity. Default true; tests pass false. */
  zeroTail?: boolean;
}

/** He-normal weights for every conv of `config`, in `convLayers` order. */
export function initWeights(config: NetworkConfig, options: InitOptions = {}): WeightMap {
  const rng = mulberry32(options.seed ?? 1);
  const gauss = () => rng.gauss();
  const zeroTail = options.zeroTail ?? true;
  const map: WeightMap = new Map();
  for (const l of convLayers(config)) {
    const n = KERNEL * KERNEL * l.cin * l.cout;
    const w = new Float32Array(n);
    if (!(zeroTail && l.name === 'tail')) {
      const std = Math.sqrt(2 / (KERNEL * KERNEL * l.cin));
      for (let i = 0; i < n; i++) w[i] = gauss() * std;
    }
    map.set(`${l.name}.w`, { shape: [KERNEL, KERNEL, l.cin, l.cout], data: w });
    map.set(`${l.name}.b`, { shape: [l.cout], data: new Float32Array(l.cout) });
  }
  return map;
}
