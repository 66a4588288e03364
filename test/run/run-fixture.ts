/**
 * Shared set-up for run tests: a small generated LSFM stack (70×60×12, the sample's optics)
 * and a tiny valid model with a seeded NON-zero tail, so the network changes the data and
 * bit-identity is a real check rather than identity ⇒ identity.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { executeRun, type ExecuteOptions } from '../../app/run/execute-run.js';
import { isRunError } from '../../app/run/errors.js';
import { generateSample } from '../../app/sample/generate.js';
import {
  readVolumeFloat32,
  superResolveArray,
  type WholeVolumeOptions,
  type WholeVolumeResult,
} from '../../app/sr/inference/whole-volume.js';
import { loadModel, saveModel } from '../../app/sr/model-dir.js';
import { createNetwork } from '../../app/sr/networks/network.js';
import { openVolume } from '../../app/volume/open.js';
import { initWeights } from '../../app/sr/networks/init.js';
import { preset } from '../../app/sr/networks/presets.js';
import { degradationOf } from '../../app/sr/training/degradation.js';

export const NORMALISATION = { kind: 'percentile' as const, lo: 100, hi: 15000 };

/** Writes a generated stack (default 70×60×12) and a tiny model under `dir`. */
export async function runFixture(
  dir: string,
  zeroTail = false,
  size = { x: 70, y: 60, z: 12 },
): Promise<{ input: string; model: string }> {
  const files = await generateSample(join(dir, 'sample'), { size, groundTruth: false });
  const config = preset('valid', 'tiny');
  const model = join(dir, 'model');
  await saveModel(model, initWeights(config, { seed: 11, zeroTail }), {
    meta: { config, preset: 'tiny', scale: 0, normalisation: {}, training: {} },
    normalisation: NORMALISATION,
    degradation: degradationOf(0.411, 1.0, 2.2, 0.8),
  });
  return { input: files.stack, model };
}

/** name → bytes of every file in a folder (for byte-identity checks of mips/ and preview/). */
export function folderBytes(dir: string): Map<string, Buffer> {
  return new Map(
    readdirSync(dir)
      .filter((n) => !n.startsWith('.'))
      .sort()
      .map((n) => [n, readFileSync(join(dir, n))]),
  );
}

export function sameFolders(a: string, b: string): boolean {
  const fa = folderBytes(a);
  const fb = folderBytes(b);
  if ([...fa.keys()].join() !== [...fb.keys()].join()) return false;
  return [...fa].every(([k, v]) => v.equals(fb.get(k)!));
}

/** Executes `runDir` and aborts it once `units` units are done: how it ended ('aborted', or 'finished' if it ran out first). */
export async function executeStoppedAfter(
  runDir: string,
  units: number,
  options: ExecuteOptions = {},
): Promise<string> {
  const abort = new AbortController();
  let done = 0;
  return executeRun(runDir, {
    ...options,
    signal: abort.signal,
    onEvent: (e) => {
      options.onEvent?.(e);
      if (e.type === 'unit-done' && ++done === units) abort.abort();
    },
  }).then(
    () => 'finished',
    (e) => (isRunError(e) ? e.tag : String(e)),
  );
}

/** The reference a run must equal: `input` super-resolved whole, in memory, by `model` (NORMALISATION unless given). */
export async function wholeVolumeResult(
  input: string,
  model: string,
  ratio: number,
  options: Partial<WholeVolumeOptions> = {},
): Promise<WholeVolumeResult> {
  const volume = await openVolume(input);
  const { data, dims } = await readVolumeFloat32(volume);
  await volume.close();
  const m = await loadModel(model);
  const net = createNetwork(m.meta.config, m.weights);
  try {
    return await superResolveArray(data, dims, ratio, net, { normalisation: NORMALISATION, ...options });
  } finally {
    net.dispose();
  }
}
