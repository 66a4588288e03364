/**
 * manifest.json: everything a run's result is a function of — the input (path + fingerprint),
 * the model (copied into the run, with its sha256), every parameter, the unit grid and the
 * software version. Written once, atomically, when the run is created; every later process
 * (resume, other shards, status, finalize) reads it and never re-derives anything.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Orientations, NetworkConfig, Normalisation } from '../sr/index.js';
import { RunError } from './errors.js';
import type { InputFingerprint } from './fingerprint.js';
import type { OutputDType } from './output-store.js';
import type { RunPlanes } from './run-planes.js';
import type { StoreLayout } from './run-options.js';
import type { Dims, UnitGrid } from './unit-grid.js';

export const MANIFEST = 'manifest.json';
export const RUN_FORMAT = 'isotrope-run';

/** The parameters a user chooses; two processes may share a run only if these are equal. */
export interface RunParams {
  orientations: Orientations;
  dtype: OutputDType;
  /** Unit (= chunk) size in y rows and output z planes. */
  unit: { y: number; z: number };
  /** Chunk size along x of the output store. */
  chunkX: number;
  /** Tile input size, or null for automatic (the result does not depend on it). */
  tile: number | null;
  /** Backend requested, or null for automatic (results agree across backends only to float tolerance). */
  backend: string | null;
  /** z step / xy pixel of the input. */
  ratio: number;
  /** How output.zarr stores chunks; absent in manifests before issue 17 (chunks). */
  storeLayout?: StoreLayout;
  /** The run also writes the orientations' disagreement (output.zarr/disagreement); absent: it does not. */
  confidence?: true;
}

/** A model the run uses: copied into RUN_DIR/model (or model/c<k> per channel), with its sha256. */
export interface RunModel {
  source: string;
  file: string;
  sha256: string;
  config: NetworkConfig;
  margin: number;
  normalisation: Normalisation;
}

export interface RunManifest {
  format: typeof RUN_FORMAT;
  formatVersion: 1;
  software: { name: 'isotrope'; version: string };
  createdAt: string;
  input: { path: string; fingerprint: InputFingerprint };
  /** The model of every plane, or of channel planes.channels[0] when channelModels is present. */
  model: RunModel;
  /**
   * One model per covered channel (parallel to planes.channels), when MODEL_DIR holds a model per
   * channel (MODEL_DIR/c<k>); absent when one model serves every channel.
   */
  channelModels?: RunModel[];
  /** The channels and time points covered; absent before issue 13 (channel 0, time point 0). */
  planes?: RunPlanes;
  params: RunParams;
  output: {
    store: string;
    /** One plane's shape (x, y, output z). */
    shape: Dims;
    chunk: Dims;
    /** Shard shape of a sharded store (params.storeLayout 'sharded'): one shard per unit. */
    shard?: Dims;
    dtype: OutputDType;
    voxelSize: Dims;
    /** The store's c / t axis sizes where it has those axes (absent: a 3D store). */
    planes?: { c?: number; t?: number };
    /** Name and colour of each covered channel (with planes.c). */
    channels?: { name: string; color: string }[];
  };
  grid: UnitGrid & { units: number };
  /**
   * How many shards the run was created for (1: whole). Absent in manifests written before
   * issue 14. Informative: the split that may run is decided by the live locks (shard-conflicts.ts).
   */
  shards?: number;
}

let cachedVersion: string | undefined;
/** The package version (works from app/ under vitest and from dist/app/ when built). */
export function softwareVersion(): string {
  if (cachedVersion) return cachedVersion;
  for (const rel of ['../../package.json', '../../../package.json']) {
    const url = new URL(rel, import.meta.url);
    if (!existsSync(url)) continue;
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'isotrope' && pkg.version) return (cachedVersion = pkg.version);
  }
  return (cachedVersion = '0.0.0');
}

export function manifestPath(runDir: string): string {
  return join(runDir, MANIFEST);
}

/**
 * Why RUN_DIR's manifest.json could not be read, and what to do: a missing folder (a typo, most
 * likely), a file, a folder that holds no run, or a manifest the process may not read.
 */
function whyNotARun(runDir: string, cause: unknown): string {
  const start = 'start one with isotrope run VOLUME --model MODEL_DIR --out RUN_DIR';
  const stats = statSync(runDir, { throwIfNoEntry: false });
  if (!stats) return `no such folder, so not a run directory: check the path, or ${start}`;
  if (!stats.isDirectory())
    return `a file, not a run directory: pass the --out of an isotrope run, or ${start}`;
  const code = (cause as { code?: unknown }).code;
  if (code === 'ENOENT')
    return `no manifest.json: not a run directory (pass the --out of an isotrope run, or ${start})`;
  return `cannot read manifest.json (${String(code ?? (cause as Error).message)}): check the folder's permissions`;
}

/** Reads and checks RUN_DIR/manifest.json; 'not-a-run' when there is none. */
export async function readManifest(runDir: string): Promise<RunManifest> {
  const path = manifestPath(runDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new RunError('not-a-run', whyNotARun(runDir, cause), { file: runDir, cause });
  }
  let m: RunManifest;
  try {
    m = JSON.parse(text) as RunManifest;
  } catch (cause) {
    throw new RunError(
      'not-a-run',
      'not valid JSON, so the run cannot be read: restore the file, or start a new run with isotrope run',
      { file: path, cause },
    );
  }
  if (m.format !== RUN_FORMAT || m.formatVersion !== 1)
    throw new RunError(
      'not-a-run',
      `not an isotrope run manifest (format ${String(m.format)} ${String(m.formatVersion)}): pass the --out of an isotrope run`,
      { file: path },
    );
  return m;
}

/** What differs between the parameters, model and software of two manifests ('' when compatible). */
export function manifestDifference(a: RunManifest, b: RunManifest): string {
  const diffs: string[] = [];
  for (const key of Object.keys(a.params) as (keyof RunParams)[]) {
    if (JSON.stringify(a.params[key]) !== JSON.stringify(b.params[key]))
      diffs.push(`${key} ${JSON.stringify(a.params[key])} → ${JSON.stringify(b.params[key])}`);
  }
  if (a.model.sha256 !== b.model.sha256) diffs.push('model weights differ');
  const shas = (m: RunManifest) => JSON.stringify((m.channelModels ?? []).map((x) => x.sha256));
  if (shas(a) !== shas(b)) diffs.push('per-channel models differ');
  if (JSON.stringify(a.planes ?? null) !== JSON.stringify(b.planes ?? null))
    diffs.push(`planes ${JSON.stringify(a.planes ?? null)} → ${JSON.stringify(b.planes ?? null)}`);
  if (a.software.version !== b.software.version)
    diffs.push(`software ${a.software.version} → ${b.software.version}`);
  if (a.input.path !== b.input.path) diffs.push(`input ${a.input.path} → ${b.input.path}`);
  return diffs.join(', ');
}
