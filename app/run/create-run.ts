/**
 * Creating a run: validate everything before any work (input readable, model loadable and
 * crop-equivariant, RUN_DIR writable and either empty or this very run, enough free disk),
 * then copy the model and write manifest.json. Shards of one run started at once (a Slurm
 * array) race to create it: the manifest is published with an exclusive link, and a loser
 * joins when the winner's manifest has the same input, model and parameters.
 */
import { z } from 'zod';
import { link, readdir, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { margin, zTargetCount, modelFile } from '../sr/index.js';
import {
  channelsOf,
  makeDirectory,
  openVolume,
  syncDir,
  temporaryPath,
  writeSynced,
} from '../volume/index.js';
import type { Volume } from '../volume/index.js';
import { RunError, fileProblem, isNoSpace, isRunError, reasonOf } from './errors.js';
import { fingerprintDifference, fingerprintInput } from './fingerprint.js';
import {
  MANIFEST,
  RUN_FORMAT,
  manifestDifference,
  readManifest,
  softwareVersion,
  type RunManifest,
  type RunModel,
  type RunParams,
} from './manifest.js';
import { copyModel, runModelDir, sha256File } from './model-copy.js';
import { resolveRunModels, type RunChannelModel, type RunModels } from './run-models.js';
import type { RunPlanes } from './run-planes.js';
import { estimateOutputBytes, requireSpace } from './disk-space.js';
import { outputBytes } from './convert.js';
import { journalName } from './journal.js';
import { refuseConflictingShards } from './shard-conflicts.js';
import { unitCount, WHOLE, type Shard } from './unit-grid.js';
import { SelectionError, describeFailure, resolveSelection } from '../options/index.js';
import { CONFIDENCE_DEFAULT, RunOptionsSchema, type RunOptions } from './run-options.js';
import { defaultStoreLayout, unitShard } from './output-store.js';

export interface CreateRunOptions extends RunOptions {
  input: string;
  model: string;
  runDir: string;
  /** Store chunk size along x (default 64). */
  chunkX?: number;
  /** This process's shard: joining an existing run is allowed only for a shard with no journal yet. */
  shard?: Shard;
}

/** The run options with the layer's own chunkX: what createRun checks in one parse. */
const CreateRunChecks = RunOptionsSchema.extend({ chunkX: z.number().int().positive().optional() });

/** `o`'s run options, checked by their schema (callers may be untyped); a bad one is RunError('bad-input'). */
function checkedOptions(o: CreateRunOptions): z.output<typeof CreateRunChecks> {
  const { input: _input, model: _model, runDir: _runDir, shard: _shard, ...options } = o;
  const parsed = CreateRunChecks.safeParse(options);
  if (!parsed.success)
    throw new RunError('bad-input', describeFailure(CreateRunChecks, options, parsed.error));
  return parsed.data;
}

async function openInput(path: string): Promise<Volume> {
  try {
    return await openVolume(path);
  } catch (cause) {
    throw new RunError('bad-input', `cannot read the input: ${reasonOf(cause, path)}`, {
      file: path,
      cause,
    });
  }
}

/** The channels and time points `o` selects of `volume` (RunError 'bad-input' naming the valid range). */
export function selectPlanes(
  o: Pick<CreateRunOptions, 'channels' | 'timepoints'>,
  volume: Volume,
): RunPlanes {
  try {
    return {
      channels: resolveSelection(o.channels, volume.shape.c, 'channel', '--channels'),
      timepoints: resolveSelection(o.timepoints, volume.shape.t, 'time point', '--timepoints'),
      axes: { c: volume.shape.c > 1, t: volume.shape.t > 1 },
    };
  } catch (cause) {
    if (!(cause instanceof SelectionError)) throw cause;
    throw new RunError('bad-input', cause.message, { file: volume.path, cause });
  }
}

/** The store's c / t axis sizes: an axis only where the input has one. */
function storePlanes(planes: RunPlanes): { c?: number; t?: number } {
  return {
    ...(planes.axes.c ? { c: planes.channels.length } : {}),
    ...(planes.axes.t ? { t: planes.timepoints.length } : {}),
  };
}

/** Name and colour of each covered channel, for the store's omero metadata and the UI. */
function coveredChannels(volume: Volume, planes: RunPlanes): { name: string; color: string }[] {
  const all = channelsOf(volume);
  return planes.channels.map((c) => all[c]);
}

function runModel(source: RunChannelModel, sha256: string, channel?: number): RunModel {
  return {
    source: resolve(source.dir),
    file: join(runModelDir(channel), 'model.safetensors'),
    sha256,
    config: source.model.meta.config,
    margin: margin(source.model.meta.config),
    normalisation: source.model.normalisation,
  };
}

/** The manifest these options describe (no side effects beyond reading input and model). */
export async function describeRun(
  o: CreateRunOptions,
  volume: Volume,
  models: RunModels,
  planes: RunPlanes,
): Promise<RunManifest> {
  const first = models.byChannel[0];
  const model = first.model;
  const shas = await Promise.all(models.byChannel.map((m) => sha256File(modelFile(m.dir))));
  const { x: vx, y: vy, z: vz } = volume.voxelSize;
  const ratio = vx && vz ? vz / vx : model.degradation.ratio;
  if (!(ratio > 0))
    throw new RunError('bad-input', 'voxel size unknown and the model records no ratio', {
      file: volume.path,
    });
  const options = checkedOptions(o);
  const unit = { y: options.unit ?? 64, z: options.unitZ ?? options.unit ?? 64 };
  const dtype =
    options.dtype ?? (volume.dtype === 'uint8' || volume.dtype === 'uint16' ? volume.dtype : 'float32');
  const orientations = options.orientations ?? 'both';
  if (options.confidence === true && orientations !== 'both')
    throw new RunError(
      'bad-input',
      `--confidence needs both orientations (the disagreement is between xz and yz), not ${orientations}: drop --confidence or --orientations`,
    );
  const confidence = orientations === 'both' && (options.confidence ?? CONFIDENCE_DEFAULT);
  const shape = { x: volume.shape.x, y: volume.shape.y, z: zTargetCount(volume.shape.z, ratio) };
  const xy = vx ?? 1;
  const params: RunParams = {
    orientations,
    dtype,
    unit,
    chunkX: Math.min(options.chunkX ?? 64, shape.x),
    tile: options.tile ?? null,
    backend: options.backend ?? null,
    ratio,
    storeLayout: 'chunks',
    // Only when on: manifests without it (before issue 18, or off) stay comparable.
    ...(confidence ? { confidence: true as const } : {}),
  };
  const multiPlane = planes.axes.c || planes.axes.t;
  const grid = {
    shape,
    unit,
    ...(multiPlane ? { planes: planes.channels.length * planes.timepoints.length } : {}),
  };
  const chunk = { x: params.chunkX, y: unit.y, z: unit.z };
  const planeCount = grid.planes ?? 1;
  params.storeLayout = options.storeLayout ?? defaultStoreLayout(shape, chunk, planeCount);
  const shard = unitShard(params.storeLayout, shape, chunk);
  return {
    format: RUN_FORMAT,
    formatVersion: 1,
    software: { name: 'isotrope', version: softwareVersion() },
    createdAt: new Date().toISOString(),
    input: { path: resolve(volume.path), fingerprint: await fingerprintInput(volume) },
    model: runModel(first, shas[0], models.perChannel ? first.channel : undefined),
    ...(models.perChannel
      ? { channelModels: models.byChannel.map((m, k) => runModel(m, shas[k], m.channel)) }
      : {}),
    ...(multiPlane ? { planes } : {}),
    params,
    output: {
      store: 'output.zarr',
      shape,
      chunk,
      ...(shard ? { shard } : {}),
      dtype,
      voxelSize: { x: xy, y: vy ?? xy, z: xy },
      ...(multiPlane ? { planes: storePlanes(planes), channels: coveredChannels(volume, planes) } : {}),
    },
    grid: { ...grid, units: unitCount(grid) },
    shards: (o.shard ?? WHOLE).count,
  };
}

/** Validates, then creates RUN_DIR (or joins the same run as another shard). @returns its manifest */
export async function createRun(o: CreateRunOptions): Promise<RunManifest> {
  const runDir = resolve(o.runDir);
  const volume = await openInput(o.input);
  try {
    const planes = selectPlanes(o, volume);
    const models = await resolveRunModels(o.model, volume.shape.c, planes.channels);
    const wanted = await describeRun(o, volume, models, planes);
    try {
      await makeDirectory(runDir);
      const probe = temporaryPath(join(runDir, 'probe'));
      await writeFile(probe, '');
      await unlink(probe);
    } catch (cause) {
      throw new RunError(
        'unwritable',
        `cannot write the run directory: ${fileProblem(cause)}: choose another --out`,
        { file: runDir, cause },
      );
    }
    const entries = (await readdir(runDir)).filter((n) => !n.startsWith('.'));
    if (entries.includes(MANIFEST)) return await join_(runDir, wanted, o.shard ?? WHOLE, entries);
    if (entries.length > 0)
      throw new RunError(
        'exists',
        'the output directory is not empty and holds no run: choose a new or empty --out',
        { file: runDir },
      );
    const { shape } = wanted.output;
    await requireSpace(
      runDir,
      estimateOutputBytes(
        shape.x * shape.y * shape.z * (wanted.grid.planes ?? 1),
        outputBytes(wanted.output.dtype),
      ) +
        64 * 2 ** 20,
    );
    if (models.perChannel) for (const m of models.byChannel) await copyModel(m.dir, runDir, m.channel);
    else await copyModel(o.model, runDir);
    await makeDirectory(join(runDir, 'mips'));
    await makeDirectory(join(runDir, 'preview'));
    // The manifest's bytes are fsynced before the link publishes it: another shard (or a reboot)
    // must never find a manifest.json whose content is not on disk yet.
    const temp = temporaryPath(join(runDir, MANIFEST));
    await writeSynced(temp, `${JSON.stringify(wanted, null, 2)}\n`);
    try {
      await link(temp, join(runDir, MANIFEST));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      return await join_(runDir, wanted, o.shard ?? WHOLE, await readdir(runDir));
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    await syncDir(runDir);
    return wanted;
  } catch (e) {
    if (isRunError(e)) throw e;
    if (isNoSpace(e))
      throw new RunError(
        'no-space',
        `disk full while creating the run: free space, or choose another --out`,
        {
          file: runDir,
          cause: e,
        },
      );
    throw new RunError('unwritable', `cannot create the run: ${fileProblem(e)}: choose another --out`, {
      file: runDir,
      cause: e,
    });
  } finally {
    await volume.close();
  }
}

/** RUN_DIR already has a manifest: another shard of the same run may join; anything else is refused. */
async function join_(
  runDir: string,
  wanted: RunManifest,
  shard: Shard,
  entries: string[],
): Promise<RunManifest> {
  const existing = await readManifest(runDir);
  const changed = fingerprintDifference(existing.input.fingerprint, wanted.input.fingerprint);
  if (changed)
    throw new RunError(
      'fingerprint-changed',
      `holds a run of ${existing.input.path} as it was before (${changed}): choose a new --out`,
      { file: runDir },
    );
  const diff = manifestDifference(existing, wanted);
  if (diff)
    throw new RunError(
      'params-changed',
      `holds a run with other settings (${diff}): choose a new --out, or resume it as it is with isotrope resume ${runDir}`,
      { file: runDir },
    );
  if (shard.count === 1 || entries.includes(journalName(shard))) {
    throw new RunError(
      'exists',
      `already holds this run: continue it with isotrope resume ${runDir}${shard.count > 1 ? ` --shard ${shard.index}/${shard.count}` : ''}`,
      { file: runDir },
    );
  }
  // A shard of another split than the live ones would redo their units: refused before any work.
  await refuseConflictingShards(runDir, shard, existing.shards);
  return existing;
}
