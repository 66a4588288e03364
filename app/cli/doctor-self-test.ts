/**
 * `isotrope doctor`'s engine check: every compute engine the registry names, whether it starts
 * here (as `isotrope backends` finds), and a self-test of a fraction of a second. The self-test
 * runs a small valid network with random (not identity) weights over two planes and compares
 * the result with the plain-JavaScript `cpu` engine's: an engine that starts but computes
 * garbage (a broken GPU driver, a wasm build without SIMD fallback) fails here rather than in
 * the middle of an overnight run.
 */
import { BACKENDS, listBackends, type BackendName } from '../compute/index.js';
import { createRunner, initWeights, type NetworkConfig } from '../sr/index.js';

/**
 * What one engine's self-test found. `ok`: the forward pass finished, every value is finite and
 * each is within `TOLERANCE` of the reference; `seconds`: set-up plus the pass; `message`: what
 * was compared (or why the engine could not be tested).
 */
export interface SelfTest {
  ok: boolean;
  seconds: number;
  message: string;
}

/** One engine as `doctor` reports it (the contract's `engines` entries), plus why it is (not) available. */
export interface EngineCheck {
  name: BackendName;
  available: boolean;
  device: string;
  selfTest: SelfTest;
  /** `isotrope backends`' reason: automatic choice, slower, or why it does not start. */
  reason: string;
}

/** The tiny preset's size, with a tail that is not zero (a zero tail makes the net the identity). */
const TEST_NETWORK: NetworkConfig = { kind: 'valid', width: 8, blocks: 2 };
const PLANES = 2;
const SIDE = 40;
/** Largest |engine − reference| allowed, relative to the reference's largest magnitude (float32 convs in another order). */
export const TOLERANCE = 1e-3;

/** A deterministic test input: smooth structure plus a little texture, values in [0, 1]. */
function testInput(): Float32Array {
  const input = new Float32Array(PLANES * SIDE * SIDE);
  for (let plane = 0; plane < PLANES; plane++)
    for (let row = 0; row < SIDE; row++)
      for (let column = 0; column < SIDE; column++) {
        const wave = Math.sin((row + 3 * plane) / 5) * Math.cos(column / 7);
        input[(plane * SIDE + row) * SIDE + column] =
          0.5 + 0.4 * wave + 0.05 * (((row * 31 + column * 17) % 7) / 7);
      }
  return input;
}

/** Sets `name` up, runs the test network once, releases it; the output or a thrown error. */
async function forwardPass(name: BackendName, threads: number | undefined): Promise<Float32Array> {
  const backend = await BACKENDS[name]({ threads });
  try {
    const runner = await createRunner(backend, TEST_NETWORK, initWeights(TEST_NETWORK, { zeroTail: false }));
    try {
      return await runner.run(testInput(), PLANES, SIDE, SIDE);
    } finally {
      await runner.dispose();
    }
  } finally {
    await backend.dispose();
  }
}

/** Compares `output` with `reference`: the self-test verdict's `ok` and `message`. */
export function compareOutputs(output: Float32Array, reference: Float32Array): Omit<SelfTest, 'seconds'> {
  if (output.length !== reference.length)
    return { ok: false, message: `returned ${output.length} values, expected ${reference.length}` };
  const nonFinite = output.findIndex((value) => !Number.isFinite(value));
  if (nonFinite >= 0) return { ok: false, message: `value ${nonFinite} is ${output[nonFinite]}` };
  let largest = 0;
  let difference = 0;
  for (let i = 0; i < output.length; i++) {
    largest = Math.max(largest, Math.abs(reference[i]));
    difference = Math.max(difference, Math.abs(output[i] - reference[i]));
  }
  const relative = difference / Math.max(largest, 1e-12);
  const summary = `max difference ${relative.toExponential(1)} of the reference's range`;
  return relative <= TOLERANCE
    ? { ok: true, message: `forward pass matches the cpu reference (${summary})` }
    : {
        ok: false,
        message: `forward pass differs from the cpu reference (${summary}, allowed ${TOLERANCE})`,
      };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value?: T; error?: unknown; seconds: number }> {
  const started = performance.now();
  try {
    const value = await work();
    return { value, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    return { error, seconds: (performance.now() - started) / 1000 };
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Every engine in automatic order: availability and device from `listBackends`, then a
 * self-test of each available one against the `cpu` engine's result.
 * @example for (const e of await checkEngines()) console.log(e.name, e.selfTest.ok)
 */
export async function checkEngines(options: { threads?: number } = {}): Promise<EngineCheck[]> {
  const rows = await listBackends({ threads: options.threads });
  const reference = await timed(() => forwardPass('cpu', options.threads));
  const checks: EngineCheck[] = [];
  for (const row of rows) {
    const base = { name: row.name, available: row.available, device: row.device, reason: row.reason };
    if (!row.available) {
      checks.push({ ...base, selfTest: { ok: false, seconds: 0, message: `not tested: ${row.reason}` } });
      continue;
    }
    const run = row.name === 'cpu' ? reference : await timed(() => forwardPass(row.name, options.threads));
    const seconds = Number(run.seconds.toFixed(3));
    if (run.value === undefined) {
      checks.push({
        ...base,
        selfTest: { ok: false, seconds, message: `forward pass failed: ${messageOf(run.error)}` },
      });
      continue;
    }
    if (reference.value === undefined) {
      checks.push({
        ...base,
        selfTest: {
          ok: false,
          seconds,
          message: `no reference: the cpu engine failed (${messageOf(reference.error)})`,
        },
      });
      continue;
    }
    // The cpu engine is the reference: compared with itself, only its finiteness is checked.
    const verdict = compareOutputs(run.value, reference.value);
    const message =
      row.name === 'cpu' && verdict.ok ? 'forward pass finite (the reference itself)' : verdict.message;
    checks.push({ ...base, selfTest: { ok: verdict.ok, seconds, message } });
  }
  return checks;
}
