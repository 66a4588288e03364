/**
 * `isotrope doctor [VOLUME] [--json]`: what this machine has and what to do about it. It reports
 * the Node version, each compute engine (device, whether it starts, a self-test of a fraction of
 * a second), free disk and memory, whether the desktop app can open, and, given a stack, how
 * long training and a run of it take here, measured by short probes (doctor-estimate.ts). The
 * text report ends with one line of advice per problem found.
 *
 * `--json` prints `{"node": {"version", "required", "ok"}, "engines": [{"name", "available",
 * "device", "selfTest": {"ok", "seconds", "message"}}], "disk": {"path", "freeBytes",
 * "totalBytes"}, "memory": {"freeBytes", "totalBytes"}, "electron": {"installed", "binary",
 * "display"}, "estimate"?: {"trainSeconds", "runSeconds"}}`.
 */
import { dirname } from 'node:path';
import { statSync } from 'node:fs';
import { z } from 'zod';
import { flags } from '../options/index.js';
import { openVolume } from '../volume/index.js';
import { ComputeOptionsSchema } from '../compute/compute-options.js';
import { TrainOptionsSchema } from '../sr/training/train-options.js';
import { parseOptions } from './options.js';
import { checkEngines, type EngineCheck, type SelfTest } from './doctor-self-test.js';
import { estimateTimes, type Estimate, type EstimateDetail } from './doctor-estimate.js';
import {
  diskFacts,
  electronFacts,
  memoryFacts,
  nodeFacts,
  type DiskFacts,
  type ElectronFacts,
  type MemoryFacts,
  type NodeFacts,
} from './doctor-facts.js';

export const DoctorFlags = z.object({
  out: z.string().optional().register(flags, {
    value: 'dir',
    help: "where a run would write: its free disk is reported (default: VOLUME's folder, else the current one)",
  }),
  xyPixel: TrainOptionsSchema.shape.xyPixel,
  zStep: TrainOptionsSchema.shape.zStep,
  backend: ComputeOptionsSchema.shape.backend,
  threads: ComputeOptionsSchema.shape.threads,
  json: z.boolean().optional().register(flags, {
    help: 'print {"node", "engines": [{"name", "available", "device", "selfTest"}], "disk", "memory", "electron", "estimate"?} on stdout',
  }),
});

/** The contract's object: what `--json` prints. */
export interface DoctorReport {
  node: NodeFacts;
  engines: Array<{ name: string; available: boolean; device: string; selfTest: SelfTest }>;
  disk: DiskFacts;
  memory: MemoryFacts;
  electron: ElectronFacts;
  estimate?: Estimate;
}

/** Everything doctor found, including what only the text report shows. */
export interface DoctorFindings {
  report: DoctorReport;
  engines: EngineCheck[];
  estimate?: EstimateDetail;
  /** Why the estimate is missing although a VOLUME was given. */
  estimateFailure?: string;
  /** Output bytes of a run of VOLUME before compression (an upper bound on its disk use). */
  rawOutputBytes?: number;
}

const GB = 1e9;
const gigabytes = (bytes: number): string => `${(bytes / GB).toFixed(1)} GB`;
/** A run's peak memory is about 1.2 GB on the benchmark's 8 GB stack (README, Benchmarks: Runs). */
const RUN_MEMORY_BYTES = 1.5 * GB;
const GPU_ENGINES: ReadonlySet<string> = new Set(['ort-cuda', 'ort-webgpu', 'tensorflow', 'webgpu']);

function duration(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${(seconds / 60).toFixed(seconds < 600 ? 1 : 0)} min`;
  if (seconds < 48 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}

/** The folder whose free disk matters: --out (or its parent while it does not exist), VOLUME's folder, else here. */
function diskFolder(out: string | undefined, volume: string | undefined): string {
  if (out !== undefined) {
    for (let folder = out; ; folder = dirname(folder)) {
      if (existingFolder(folder)) return folder;
      if (dirname(folder) === folder) return '.';
    }
  }
  if (volume !== undefined) return existingFolder(volume) ? volume : dirname(volume);
  return '.';
}

function existingFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Bytes per output voxel: the input's type when uint8/uint16 (as `run` keeps it), else float32. */
function outputBytesPerVoxel(dtype: string): number {
  if (dtype === 'uint8') return 1;
  if (dtype === 'uint16') return 2;
  return 4;
}

/**
 * Runs every check (and, given `volume`, the timing probes).
 * @example const { report } = await examine('stack.tif', {}); console.log(report.estimate?.runSeconds)
 */
export async function examine(
  volumePath: string | undefined,
  options: z.output<typeof DoctorFlags>,
): Promise<DoctorFindings> {
  const engines = await checkEngines({ threads: options.threads });
  const report: DoctorReport = {
    node: nodeFacts(),
    engines: engines.map(({ name, available, device, selfTest }) => ({ name, available, device, selfTest })),
    disk: await diskFacts(diskFolder(options.out, volumePath)),
    memory: memoryFacts(),
    electron: electronFacts(),
  };
  const findings: DoctorFindings = { report, engines };
  if (volumePath === undefined) return findings;
  const volume = await openVolume(volumePath);
  try {
    findings.estimate = await estimateTimes(volume, options);
    report.estimate = {
      trainSeconds: findings.estimate.trainSeconds,
      runSeconds: findings.estimate.runSeconds,
    };
    const { x, y, z } = findings.estimate.outputShape;
    findings.rawOutputBytes = x * y * z * findings.estimate.planes * outputBytesPerVoxel(volume.dtype);
  } catch (error) {
    findings.estimateFailure = error instanceof Error ? error.message : String(error);
  } finally {
    await volume.close();
  }
  return findings;
}

/** One line per problem, each saying what to do next. */
export function adviceFor(findings: DoctorFindings): string[] {
  const { report } = findings;
  const advice: string[] = [];
  if (report.node.ok === false)
    advice.push(
      `Node ${report.node.version} does not meet package.json's engines (${report.node.required}): install a newer Node (nodejs.org, or nvm install 22)`,
    );
  for (const engine of findings.engines)
    if (engine.available && !engine.selfTest.ok)
      advice.push(
        `${engine.name} starts but its self-test failed (${engine.selfTest.message}): choose another engine with --backend, and report it`,
      );
  if (
    !findings.engines.some((engine) => GPU_ENGINES.has(engine.name) && engine.available && engine.selfTest.ok)
  )
    advice.push("no GPU engine: everything runs on the CPU (correct, slower); see README 'Using your GPU'");
  if (!report.electron.binary)
    advice.push(
      'Electron binary missing: run `node node_modules/electron/install.js` with network, or use `isotrope serve` and a browser',
    );
  else if (!report.electron.display)
    advice.push(
      'no display (DISPLAY and WAYLAND_DISPLAY unset): `isotrope start` serves the UI to a browser instead; over ssh, forward its port (ssh -L)',
    );
  if (report.memory.freeBytes < RUN_MEMORY_BYTES)
    advice.push(
      `only ${gigabytes(report.memory.freeBytes)} memory free: a run peaks near 1.2 GB; close other programs or use --threads 1`,
    );
  if (findings.rawOutputBytes !== undefined && report.disk.freeBytes < findings.rawOutputBytes)
    advice.push(
      `the run's output may need up to ${gigabytes(findings.rawOutputBytes)} (uncompressed) and ${report.disk.path} has ${gigabytes(report.disk.freeBytes)} free: free space or choose another --out`,
    );
  if (findings.estimateFailure !== undefined) advice.push(`no time estimate: ${findings.estimateFailure}`);
  return advice;
}

function engineLine(engine: EngineCheck, width: number): string {
  const state = !engine.available ? 'no  ' : engine.selfTest.ok ? 'ok  ' : 'FAIL';
  const what = engine.available
    ? `${engine.device}; self-test ${engine.selfTest.seconds.toFixed(2)} s: ${engine.selfTest.message}`
    : engine.reason;
  return `  ${engine.name.padEnd(width)}  ${state}  ${what}\n`;
}

/** The human-readable report. */
export function formatFindings(findings: DoctorFindings): string {
  const { report, estimate } = findings;
  const width = Math.max(...findings.engines.map((engine) => engine.name.length));
  const nodeState = report.node.ok === null ? 'cannot check' : report.node.ok ? 'ok' : 'TOO OLD';
  let text =
    `node      ${report.node.version} (package.json wants ${report.node.required}: ${nodeState})\n` +
    'engines\n' +
    findings.engines.map((engine) => engineLine(engine, width)).join('') +
    `disk      ${gigabytes(report.disk.freeBytes)} free of ${gigabytes(report.disk.totalBytes)} (${report.disk.path})\n` +
    `memory    ${gigabytes(report.memory.freeBytes)} free of ${gigabytes(report.memory.totalBytes)}\n` +
    `electron  ${report.electron.binary ? `binary ${report.electron.binary}` : report.electron.installed ? 'package installed, binary missing' : 'not installed'}; display ${report.electron.display ? 'yes' : 'no'}\n`;
  if (estimate) {
    const shape = estimate.outputShape;
    const perChannel = estimate.channels > 1 ? ` for each of ${estimate.channels} channels` : '';
    text +=
      `estimate  measured on this stack with ${estimate.backend} (${estimate.device}) in ${estimate.probeSeconds.toFixed(1)} s\n` +
      `  train   ${duration(estimate.trainSeconds)}: the cpu preset's ${duration(estimate.trainBudgetSeconds)} budget + ${duration(estimate.trainSetupSeconds)} set-up${perChannel} (at most: early stopping may end it sooner); ${Math.round(estimate.trainPatchesPerSecond)} patches/s, about ${Math.round(estimate.trainPatchesPerSecond * estimate.trainBudgetSeconds).toLocaleString('en-US')} patches\n` +
      `  run     ${duration(estimate.runSeconds)}: ${shape.x}×${shape.y}×${shape.z} output voxels × ${estimate.planes} plane${estimate.planes > 1 ? 's' : ''} at ${Math.round(estimate.runVoxelsPerSecond / 1000)} k voxels/s (one process; --shard i/n splits it)\n`;
  }
  const advice = adviceFor(findings);
  text += advice.length === 0 ? 'all good\n' : `to do\n${advice.map((line) => `  - ${line}\n`).join('')}`;
  return text;
}

export async function runDoctor(volumePath: string | undefined, bag: Record<string, unknown>): Promise<void> {
  const options = parseOptions(DoctorFlags, bag);
  const findings = await examine(volumePath, options);
  process.stdout.write(options.json ? `${JSON.stringify(findings.report)}\n` : formatFindings(findings));
}
