/** What every compute backend's set-up returns, and the names the registry knows. */
import type { OrtProvider } from '../onnx/session-protocol.js';

/**
 * Names accepted by `--backend` and `selectBackend({ preferred })`. The ort-* engines run the
 * networks as ONNX graphs in onnxruntime-node (cpu provider on every core; cuda and webgpu where
 * they can start); the others are TensorFlow.js backends, the portable fallback and autodiff
 * reference: tensorflow (tfjs-node-gpu / tfjs-node when installed), webgpu (Dawn), wasm, cpu.
 */
export const BACKEND_NAMES = [
  'ort-cuda',
  'ort-webgpu',
  'ort-cpu',
  'tensorflow',
  'webgpu',
  'wasm',
  'cpu',
] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export function isBackendName(s: string): s is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(s);
}

/** Which runtime a backend drives: ONNX Runtime sessions or the engine's tfjs instance. */
export type EngineKind = 'ort' | 'tfjs';

export interface SetUpOptions {
  /** Cores to use (ORT intra-op threads). Default: all (os.availableParallelism()). */
  threads?: number;
}

/** A backend that is loaded and initialised (for tfjs: the active tf backend). */
export interface ActiveBackend {
  name: BackendName;
  engine: EngineKind;
  /** ORT execution provider (ort-* engines only). */
  provider?: OrtProvider;
  /** Cores its compute uses. */
  threads: number;
  /** Human-readable device, e.g. "CPU, onnxruntime 1.30 cpu provider, 2 threads". */
  device: string;
  /**
   * Set when automatic selection should pass this backend over for a faster one further down
   * the order, with the reason: a software WebGPU rasteriser (llvmpipe, SwiftShader), or
   * tfjs-node's CPU build (ORT's cpu provider is faster). Asked for by name, it still runs.
   */
  slower?: string;
  /** Releases the backend (and its GPU device, so the process can exit). Idempotent. */
  dispose(): Promise<void>;
}

/** Loads a backend's modules lazily and initialises it; throws a ComputeError when it cannot. */
export type BackendSetUp = (options?: SetUpOptions) => Promise<ActiveBackend>;
