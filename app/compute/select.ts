/**
 * Chooses and activates the tensor backend, and says why, so the CLI and UI can show
 * "wasm (CPU, WebAssembly SIMD, 1 thread) — tensorflow: not installed; webgpu: software
 * rasteriser llvmpipe, slower than wasm; chose wasm".
 */
import { existsSync, readdirSync } from 'node:fs';
import { BACKENDS, AUTO_ORDER } from './registry.js';
import { ComputeError, describeError } from './errors.js';
import { isBackendName, BACKEND_NAMES, type BackendName } from './backends/types.js';

export interface SelectOptions {
  /**
   * A backend to use (`--backend`). Default: automatic, in the order tensorflow → webgpu →
   * wasm → cpu, skipping a webgpu adapter that is a software rasteriser. A preferred backend
   * that cannot start is an error rather than a silent fallback: the user asked for it.
   */
  preferred?: string;
}

export interface SelectedBackend {
  name: BackendName;
  /** The device, as the backend describes it. */
  device: string;
  /** Why this backend: what happened to each one tried before it. */
  reason: string;
  /** Releases the backend (destroys a GPU device so the process can exit). */
  dispose(): Promise<void>;
}

/**
 * Activates a backend in the engine's tfjs instance.
 * @example const b = await selectBackend(); console.log(`${b.name} on ${b.device}: ${b.reason}`);
 */
export async function selectBackend(options: SelectOptions = {}): Promise<SelectedBackend> {
  const { preferred } = options;
  if (preferred !== undefined) {
    if (!isBackendName(preferred)) {
      throw new ComputeError('unknown-backend', `unknown backend; expected one of ${BACKEND_NAMES.join(', ')}`, { backend: preferred });
    }
    const b = await BACKENDS[preferred]();
    const note = b.software ? ` (software rasteriser: expect it to be slower than wasm)` : '';
    return { name: b.name, device: b.device, reason: `requested with --backend ${preferred}${note}`, dispose: b.dispose };
  }
  const notes: string[] = [];
  for (const name of AUTO_ORDER) {
    if (name === 'webgpu' && !mayHaveGpu()) {
      notes.push('webgpu: no GPU device node (/dev/dri/renderD*, /dev/nvidia*)');
      continue;
    }
    try {
      const b = await BACKENDS[name]();
      if (b.software && name === 'webgpu') {
        notes.push(`webgpu: only a software rasteriser (${b.device}), slower than wasm`);
        await b.dispose();
        continue;
      }
      notes.push(`chose ${name}`);
      return { name: b.name, device: b.device, reason: notes.join('; '), dispose: b.dispose };
    } catch (e) {
      notes.push(`${name}: ${describeError(e).replace(`${name}: `, '')}`);
    }
  }
  throw new ComputeError('unavailable', `no backend could start (${notes.join('; ')})`, { backend: 'auto' });
}

/**
 * On Linux, a GPU shows up as a DRM render node or an NVIDIA device node. Without one Dawn can
 * only find a software rasteriser, which automatic selection skips anyway; checking first
 * avoids starting Dawn (seconds, and native warnings on stderr). Other systems: assume maybe.
 */
export function mayHaveGpu(): boolean {
  if (process.platform !== 'linux') return true;
  const dri = existsSync('/dev/dri') && readdirSync('/dev/dri').some((f) => f.startsWith('renderD'));
  return dri || existsSync('/dev/nvidia0') || existsSync('/dev/dxg');
}
