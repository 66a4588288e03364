/** What every compute backend's set-up returns, and the names the registry knows. */

/** Names accepted by `--backend` and `selectBackend({ preferred })`. */
export const BACKEND_NAMES = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export function isBackendName(s: string): s is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(s);
}

/** A backend that is loaded, initialised and is tf's active backend. */
export interface ActiveBackend {
  name: BackendName;
  /** Human-readable device, e.g. "llvmpipe (OpenGL ES 3.2 Mesa 22.3.6)" or "CPU, WebAssembly SIMD, 1 thread". */
  device: string;
  /**
   * True when the device is a software rasteriser posing as a GPU (llvmpipe, SwiftShader):
   * automatic selection skips such a webgpu device because wasm is several times faster.
   */
  software: boolean;
  /** Releases the backend (and its GPU device, so the process can exit). Idempotent. */
  dispose(): Promise<void>;
}

/** Loads a backend's modules lazily and makes it active; throws a ComputeError when it cannot. */
export type BackendSetUp = () => Promise<ActiveBackend>;
