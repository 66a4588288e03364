/**
 * The run engine: works through a shard's units that are not yet journaled. Per unit: compute
 * (one brick read, z interpolation, both orientations), write its chunks, write its MIP and
 * preview partials, THEN journal it — so a crash at any instant leaves only whole, journaled
 * units or work that a resume redoes identically (every write is idempotent and a unit's
 * result depends on nothing but the manifest). Refuses to continue when the input, the model
 * copy or the software changed since the run was created.
 */
import { dirname, join } from 'node:path';
import { loadModel, createRunner, type EngineChoice, type NetworkRunner } from '../sr/index.js';
import { openVolume } from '../volume/index.js';
import type { Volume } from '../volume/index.js';
import { computeUnit } from './compute-unit.js';
import { createDisagreementStore, hasConfidence, writeUnitDisagreement } from './disagreement.js';
import { toOutputDtype, outputBytes } from './convert.js';
import { estimateOutputBytes, requireSpace } from './disk-space.js';
import { RunError, isNoSpace, isRunError, reasonOf } from './errors.js';
import type { RunEvent } from './events.js';
import { fingerprintDifference, fingerprintInput } from './fingerprint.js';
import { JournalWriter, readJournals } from './journal.js';
import { extendPyramid } from './live-pyramid.js';
import { acquireLock } from './lock.js';
import { refuseConflictingShards } from './shard-conflicts.js';
import { readManifest, softwareVersion, type RunManifest } from './manifest.js';
import { sha256File } from './model-copy.js';
import { planesOf } from './run-planes.js';
import { projectSlab, writeUnitMips } from './mips.js';
import { omeZarrFactory, storeSpecOf, type OutputStore, type StoreFactory } from './output-store.js';
import { previewGeometry, unitPreviewSums, writeUnitPreview } from './preview.js';
import { boxVoxels, unitOf, unitsOfShard, WHOLE, type Shard } from './unit-grid.js';

export interface ExecuteOptions {
  /** Default: every unit. */
  shard?: Shard;
  /** Default: the OME-Zarr writer. */
  storeFactory?: StoreFactory;
  onEvent?: (event: RunEvent) => void;
  /** Stops after the unit in progress; the run stays resumable. */
  signal?: AbortSignal;
  /** The backend the caller selected: its name goes into the start event, its engine runs the network (default: the active tfjs backend). */
  backend?: EngineChoice & { name: string };
  /** Activation memory per forward pass (default 512 MiB). */
  memoryBytes?: number;
}

/** Seconds spent per stage by this process, for the journaling/MIP overhead measurement. */
export interface StageSeconds {
  compute: number;
  store: number;
  partials: number;
  journal: number;
  /** Of `partials`: writing the disagreement's chunks, MIP partial and pyramid (0 without confidence). */
  confidence: number;
}

export interface ExecuteResult {
  unitsProcessed: number;
  unitsDone: number;
  unitsTotal: number;
  voxels: number;
  seconds: number;
  stages: StageSeconds;
}

/** Checks that the run can continue as recorded: same input, same model copy, same software. */
export async function verifyRun(runDir: string, manifest: RunManifest, volume: Volume): Promise<void> {
  if (manifest.software.version !== softwareVersion()) {
    throw new RunError(
      'params-changed',
      `created by isotrope ${manifest.software.version}, this is ${softwareVersion()}: results could differ; finish it with that version or start a new run`,
      { file: runDir },
    );
  }
  const changed = fingerprintDifference(manifest.input.fingerprint, await fingerprintInput(volume));
  if (changed)
    throw new RunError(
      'fingerprint-changed',
      `the input changed since the run started (${changed}); start a new run`,
      { file: manifest.input.path },
    );
  for (const model of manifest.channelModels ?? [manifest.model]) {
    const sha = await sha256File(join(runDir, model.file)).catch(() => 'missing');
    if (sha !== model.sha256)
      throw new RunError(
        'params-changed',
        `the run's model copy ${model.file} is ${sha === 'missing' ? 'missing' : 'modified'}; start a new run`,
        { file: runDir },
      );
  }
}

/** What a run stopped by its signal throws, between units or in the middle of one. */
function runStopped(runDir: string, cause: unknown): RunError {
  return new RunError('aborted', 'run stopped; continue it with isotrope resume', { file: runDir, cause });
}

export async function executeRun(runDir: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
  const manifest = await readManifest(runDir);
  const shard = options.shard ?? WHOLE;
  let volume: Volume;
  try {
    volume = await openVolume(manifest.input.path);
  } catch (cause) {
    throw new RunError(
      'bad-input',
      `cannot read the run's input: ${reasonOf(cause, manifest.input.path)}: put it back as the run found it, or start a new run`,
      {
        file: manifest.input.path,
        cause,
      },
    );
  }
  const cleanup: (() => Promise<void>)[] = [() => volume.close()];
  try {
    await verifyRun(runDir, manifest, volume);
    // Refused before and after taking the lock: two splits started at the same instant each see
    // the other once both hold their locks, so at most both stop, never both run.
    await refuseConflictingShards(runDir, shard, manifest.shards);
    const lock = await acquireLock(runDir, shard);
    cleanup.push(() => lock.release());
    await refuseConflictingShards(runDir, shard, manifest.shards);
    const done = new Set((await readJournals(runDir)).keys());
    const todo = unitsOfShard(manifest.grid, shard).filter((id) => !done.has(id));
    const perVoxel = outputBytes(manifest.output.dtype);
    if (todo.length > 0)
      await requireSpace(
        runDir,
        estimateOutputBytes(
          todo.reduce((s, id) => s + boxVoxels(unitOf(manifest.grid, id).box), 0),
          // The disagreement image is a second volume of the same dtype (an upper bound: it compresses well).
          hasConfidence(manifest) ? 2 * perVoxel : perVoxel,
        ),
      );
    const store: OutputStore = await (options.storeFactory ?? omeZarrFactory).create(
      join(runDir, manifest.output.store),
      storeSpecOf(manifest),
    );
    cleanup.push(() => store.close());
    // After the SR store: it is a child group of it.
    const disagreementStore = await createDisagreementStore(
      options.storeFactory ?? omeZarrFactory,
      runDir,
      manifest,
    );
    if (disagreementStore) cleanup.push(() => disagreementStore.close());
    // The model of each covered channel when the run has one per channel, else one for all. One
    // network is alive at a time (an engine session holds its own working memory, so two would
    // raise the peak with C): units run plane by plane, so a channel's network is built once per
    // plane at most.
    const runModels = manifest.channelModels ?? [manifest.model];
    let live: { slot: number; net: NetworkRunner } | undefined;
    cleanup.push(async () => live?.net.dispose());
    const netFor = async (slot: number): Promise<NetworkRunner> => {
      if (live?.slot === slot) return live.net;
      const previous = live;
      live = undefined;
      await previous?.net.dispose();
      const model = await loadModel(join(runDir, dirname(runModels[slot].file)));
      live = { slot, net: await createRunner(options.backend, model.meta.config, model.weights) };
      return live.net;
    };
    const planes = planesOf(manifest);
    const journal = await JournalWriter.open(runDir, shard);
    cleanup.push(() => journal.close());
    const emit = options.onEvent ?? (() => undefined);
    emit({
      type: 'start',
      unitsTotal: manifest.grid.units,
      unitsDone: done.size,
      shardUnits: todo.length,
      backend: options.backend?.name ?? 'unknown',
    });
    const contextOf = async (planeIndex: number) => {
      const plane = planes[planeIndex];
      const channelSlot = manifest.channelModels ? plane.position.c : 0;
      return {
        volume,
        net: await netFor(channelSlot),
        ratio: manifest.params.ratio,
        outZ: manifest.output.shape.z,
        normalisation: runModels[channelSlot].normalisation,
        orientations: manifest.params.orientations,
        tile: manifest.params.tile ?? undefined,
        memoryBytes: options.memoryBytes,
        signal: options.signal,
        plane: { c: plane.c, t: plane.t },
        confidence: disagreementStore !== null,
      };
    };
    const geometry = previewGeometry(manifest.output.shape);
    const stages: StageSeconds = { compute: 0, store: 0, partials: 0, journal: 0, confidence: 0 };
    const start = performance.now();
    let voxels = 0;
    let processed = 0;
    for (let k = 0; k < todo.length; k++) {
      if (options.signal?.aborted) throw runStopped(runDir, options.signal.reason);
      const { id, box, plane: planeIndex } = unitOf(manifest.grid, todo[k]);
      const plane = planes[planeIndex];
      const t0 = performance.now();
      const slabs = await computeUnit(await contextOf(planeIndex), box);
      const t1 = performance.now();
      try {
        await store.writeBox(0, box, toOutputDtype(slabs.sr, manifest.output.dtype), plane.position);
        const t2 = performance.now();
        await writeUnitMips(
          runDir,
          id,
          projectSlab(slabs.sr, slabs.dims),
          projectSlab(slabs.bicubic, slabs.dims),
        );
        await writeUnitPreview(
          runDir,
          id,
          unitPreviewSums(slabs.sr, slabs.dims, box.y.start, box.z.start, geometry),
        );
        await writeUnitPreview(
          runDir,
          id,
          unitPreviewSums(slabs.bicubic, slabs.dims, box.y.start, box.z.start, geometry),
          'bicubic',
        );
        // Before the journal line, so a crash in between redoes the unit and its pyramid block.
        const doneWith = new Set(done).add(id);
        await extendPyramid(store, manifest.grid, doneWith, id, plane.position);
        const tc = performance.now();
        if (disagreementStore && slabs.disagreement)
          await writeUnitDisagreement(runDir, manifest, disagreementStore, {
            id,
            box,
            dims: slabs.dims,
            values: slabs.disagreement,
            position: plane.position,
            done: doneWith,
          });
        const t3 = performance.now();
        stages.confidence += (t3 - tc) / 1000;
        const seconds = (t3 - t0) / 1000;
        await journal.append({
          unit: id,
          box,
          at: new Date().toISOString(),
          seconds: Math.round(seconds * 1000) / 1000,
        });
        const t4 = performance.now();
        stages.compute += (t1 - t0) / 1000;
        stages.store += (t2 - t1) / 1000;
        stages.partials += (t3 - t2) / 1000;
        stages.journal += (t4 - t3) / 1000;
      } catch (e) {
        if (isNoSpace(e))
          throw new RunError(
            'no-space',
            `disk full while writing unit ${id}; the ${done.size} units journaled so far are safe: free space, then isotrope resume ${runDir}`,
            { file: runDir, cause: e },
          );
        throw e;
      }
      await lock.beat();
      done.add(id);
      processed++;
      voxels += boxVoxels(box);
      const elapsed = (performance.now() - start) / 1000;
      const rate = voxels / elapsed;
      const remaining = todo.slice(k + 1).reduce((s, u) => s + boxVoxels(unitOf(manifest.grid, u).box), 0);
      emit({
        type: 'unit-done',
        unit: id,
        box,
        seconds: (performance.now() - t0) / 1000,
        c: plane.c,
        t: plane.t,
      });
      emit({
        type: 'progress',
        unitsDone: done.size,
        unitsTotal: manifest.grid.units,
        shardRemaining: todo.length - k - 1,
        voxelsPerSecond: rate,
        etaSeconds: remaining / rate,
      });
    }
    return {
      unitsProcessed: processed,
      unitsDone: done.size,
      unitsTotal: manifest.grid.units,
      voxels,
      seconds: (performance.now() - start) / 1000,
      stages,
    };
  } catch (e) {
    // Stopped mid-unit (the signal reaches the inference too): the same error as between units.
    if (options.signal?.aborted && !isRunError(e)) throw runStopped(runDir, e);
    if (isRunError(e) || !isNoSpace(e)) throw e;
    throw new RunError(
      'no-space',
      `disk full: ${(e as Error).message}; free space, then isotrope resume ${runDir}`,
      { file: runDir, cause: e },
    );
  } finally {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  }
}
