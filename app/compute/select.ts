/**
 * Chooses and activates the compute backend, and says why, so the CLI and UI can show
 * "ort-cpu (CPU, onnxruntime 1.30 cpu provider, 2 threads) — ort-cuda: no GPU device node; …;
 * chose ort-cpu".
 */
import { existsSync, readdirSync } from 'node:fs';
import { BACKENDS, AUTO_ORDER, NEEDS_GPU } from './registry.js';
import { ComputeError, describeError } from './errors.js';
import { threadCount } from './threads.js';
import { isBackendName, BACKEND_NAMES, type ActiveBackend, type BackendName } from './backends/types.js';

/** `--backend` values besides the backend names: 'auto', and the ORT engine by its runtime's name. */
const ALIASES: Readonly<Record<string, BackendName | 'auto'>> = {
  auto: 'auto',
  onnx: 'ort-cpu',
  ort: 'ort-cpu',
};

/** Every value `--backend` accepts. */
export const BACKEND_CHOICES: readonly string[] = ['auto', ...BACKEND_NAMES];

export interface SelectOptions {
  /**
   * A backend to use (`--backend`), or 'auto' / undefined for the automatic order (AUTO_ORDER,
   * passing over backends marked `slower`). A named backend that cannot start is an error
   * rather than a silent fallback: the user asked for it.
   */
  preferred?: string;
  /** Cores to use (`--threads`). Default: all. Results do not depend on it. */
  threads?: number;
}

export interface SelectedBackend extends ActiveBackend {
  /** Why this backend: what happened to each one tried before it. */
  reason: string;
}

/** 'auto' or a backend name for a `--backend` value; throws 'unknown-backend' otherwise. */
export function resolveBackendName(value: string | undefined): BackendName | 'auto' {
  if (value === undefined || value === '') return 'auto';
  const v = ALIASES[value] ?? value;
  if (v === 'auto' || isBackendName(v)) return v;
  throw new ComputeError(
    'unknown-backend',
    `unknown backend; expected one of ${BACKEND_CHOICES.join(', ')}`,
    { backend: value },
  );
}

/**
 * Activates a backend (for tfjs, in the engine's tf instance).
 * @example const b = await selectBackend({ threads: 2 }); console.log(`${b.name} on ${b.device}: ${b.reason}`);
 */
export async function selectBackend(options: SelectOptions = {}): Promise<SelectedBackend> {
  const name = resolveBackendName(options.preferred);
  const setUp = { threads: options.threads };
  // Checked here, not only by the ORT set-up, so a bad count is an error, not a fallback to wasm.
  threadCount(setUp);
  if (name !== 'auto') {
    const b = await BACKENDS[name](setUp);
    const note = b.slower ? ` (${b.slower})` : '';
    return { ...b, reason: `requested with --backend ${options.preferred}${note}` };
  }
  const notes: string[] = [];
  for (const candidate of AUTO_ORDER) {
    const b = await tryBackend(candidate, setUp, notes);
    if (!b) continue;
    if (b.slower) {
      notes.push(`${candidate}: ${b.slower}`);
      await b.dispose();
      continue;
    }
    notes.push(`chose ${candidate}`);
    return { ...b, reason: notes.join('; ') };
  }
  throw new ComputeError('unavailable', `no backend could start (${notes.join('; ')})`, { backend: 'auto' });
}

async function tryBackend(
  name: BackendName,
  setUp: { threads?: number },
  notes: string[],
): Promise<ActiveBackend | undefined> {
  if (NEEDS_GPU.has(name) && !mayHaveGpu()) {
    notes.push(`${name}: no GPU device node (/dev/dri/renderD*, /dev/nvidia*)`);
    return undefined;
  }
  try {
    return await BACKENDS[name](setUp);
  } catch (e) {
    notes.push(`${name}: ${describeError(e).replace(`${name}: `, '')}`);
    return undefined;
  }
}

/** One row of `isotrope backends`: whether the backend starts here, on what, and why (not). */
export interface BackendReport {
  name: BackendName;
  available: boolean;
  device: string;
  reason: string;
}

/**
 * Tries every backend in turn (each set up, then released) and reports what happened, marking
 * the one automatic selection would choose. Starts GPU backends only where a device node exists.
 */
export async function listBackends(options: Pick<SelectOptions, 'threads'> = {}): Promise<BackendReport[]> {
  const rows: BackendReport[] = [];
  let chosen = false;
  for (const name of AUTO_ORDER) {
    const notes: string[] = [];
    const b = await tryBackend(name, { threads: options.threads }, notes);
    if (!b) {
      rows.push({ name, available: false, device: '', reason: notes.join('; ').replace(`${name}: `, '') });
      continue;
    }
    const auto: boolean = !chosen && !b.slower;
    chosen ||= auto;
    rows.push({
      name,
      available: true,
      device: b.device,
      reason: b.slower ?? (auto ? 'automatic choice' : 'available; a faster backend comes first'),
    });
    await b.dispose();
  }
  return rows;
}

/**
 * On Linux, a GPU shows up as a DRM render node or an NVIDIA device node. Without one Dawn and
 * ORT's GPU providers can only find a software rasteriser or nothing, which automatic selection
 * skips anyway; checking first avoids starting them (seconds, and native warnings on stderr).
 * Other systems: assume maybe.
 */
export function mayHaveGpu(): boolean {
  if (process.platform !== 'linux') return true;
  const dri = existsSync('/dev/dri') && readdirSync('/dev/dri').some((f) => f.startsWith('renderD'));
  return dri || existsSync('/dev/nvidia0') || existsSync('/dev/dxg');
}
