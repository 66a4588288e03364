/**
 * The engine API's contract as one suite that any transport runs: `describeContract(name,
 * connect)` opens a generated stack, reads planes, trains a few steps, runs, pauses and resumes
 * a run, reads its MIP tiles and preview, compares it, finalizes and exports it (and refuses to
 * finalize an unfinished one), previews a model, cancels a request and cancels runs, checking
 * results against the volume and run layers read directly in the test process.
 *
 * The suite sets ISOTROPE_STATE_DIR to a temp folder before `connect` (engines forked later
 * inherit it). Jobs run in dist/app/api/jobs/worker.js: build the engine first.
 *
 * @example
 *   describeContract('WebSocket', async () => {
 *     const server = await startServer({ port: 0 });
 *     const client = await connectWebSocket(`ws://127.0.0.1:${server.port}/api/ws?token=${server.token}`, { WebSocket });
 *     return { client, close: async () => { client.close(); await server.close(); } };
 *   });
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../app/api/client.js';
import type { ApiEvent, JobInfo, VolumeInfo } from '../../app/api/schemas.js';
import { readJournals } from '../../app/run/journal.js';
import { readManifest } from '../../app/run/manifest.js';
import { AXES, assembleMips } from '../../app/run/mips.js';
import { assemblePreview } from '../../app/run/preview.js';
import { interpolateZ } from '../../app/sr/inference/interpolate-z.js';
import { zTargets } from '../../app/sr/inference/z-grid.js';
import { modelFile } from '../../app/sr/model-dir.js';
import { projectionPng } from '../../app/image/projection-png.js';
import { openVolume } from '../../app/volume/open.js';
import type { TypedArray, Volume } from '../../app/volume/types.js';
import { openOmeZarr } from '../../app/volume/zarr/index.js';
import { tempDir } from '../helpers/fixtures.js';
import { runFixture } from '../run/run-fixture.js';

export interface Connected {
  client: EngineClient;
  close(): Promise<void>;
}

/** Samples of a reply's bytes as the header's dtype says (the wire is little-endian; so are the test hosts). */
function samples(data: Uint8Array, dtype: string): TypedArray {
  const copy = data.slice().buffer;
  return dtype === 'uint16'
    ? new Uint16Array(copy)
    : dtype === 'uint8'
      ? new Uint8Array(copy)
      : new Float32Array(copy);
}

/** Written out here rather than imported: block means over bin × bin, rounded for integers. */
function expectedBinned(plane: TypedArray, w: number, h: number, bin: number): number[] {
  const out: number[] = [];
  for (let by = 0; by < Math.ceil(h / bin); by++)
    for (let bx = 0; bx < Math.ceil(w / bin); bx++) {
      let sum = 0;
      let n = 0;
      for (let y = by * bin; y < Math.min(h, (by + 1) * bin); y++)
        for (let x = bx * bin; x < Math.min(w, (bx + 1) * bin); x++) {
          sum += Number(plane[y * w + x]);
          n++;
        }
      out.push(Math.round(sum / n));
    }
  return out;
}

/** A float32 file's samples (a copy, so the array is aligned). */
function floatFile(path: string): Float32Array {
  const b = readFileSync(path);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** Every voxel of a volume, as one brick. */
function wholeVolume(v: Volume): Promise<TypedArray> {
  return v.readBrick({
    x: { start: 0, end: v.shape.x },
    y: { start: 0, end: v.shape.y },
    z: { start: 0, end: v.shape.z },
  });
}

/** NaN-aware equality of float arrays (NaN === NaN, bit-exact otherwise). */
function sameFloats(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => (Number.isNaN(v) ? Number.isNaN(b[i]) : v === b[i]));
}

export function describeContract(name: string, connect: () => Promise<Connected>): void {
  describe(`engine API contract over ${name}`, () => {
    const dir = tempDir('isotrope-contract-');
    let connected: Connected;
    let client: EngineClient;
    let fixture: { input: string; model: string };
    let volume: VolumeInfo;
    const events: ApiEvent[] = [];
    const runDir = join(dir.path, 'run');

    /** Resolves with the first event (already seen or still to come) that `match` accepts. */
    const waitFor = <E extends ApiEvent>(match: (e: ApiEvent) => e is E, timeoutMs = 60_000): Promise<E> =>
      new Promise((resolve, reject) => {
        const seen = events.find(match);
        if (seen) return resolve(seen);
        const timer = setTimeout(() => {
          off();
          reject(new Error('event did not come'));
        }, timeoutMs);
        const off = client.onEvent((e) => {
          if (match(e)) {
            clearTimeout(timer);
            off();
            resolve(e);
          }
        });
      });
    const jobEnded = (jobId: string) =>
      waitFor(
        (e): e is Extract<ApiEvent, { event: 'job' }> =>
          e.event === 'job' && e.job.jobId === jobId && e.job.state !== 'running',
      );
    const unitDoneIn = (dir: string) =>
      waitFor(
        (e): e is Extract<ApiEvent, { event: 'unitDone' }> => e.event === 'unitDone' && e.runDir === dir,
      );

    beforeAll(async () => {
      process.env.ISOTROPE_STATE_DIR = join(dir.path, 'state');
      fixture = await runFixture(dir.path);
      connected = await connect();
      client = connected.client;
      client.onEvent((e) => events.push(e));
    }, 120_000);

    afterAll(async () => {
      await connected?.close();
      dir.remove();
    });

    it('answers health', async () => {
      expect(await client.call('health', {})).toEqual({
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
        backend: expect.any(String),
      });
    });

    it('opens a stack and describes it; volumeInfo says the same', async () => {
      volume = await client.call('openVolume', { path: fixture.input });
      expect(volume).toMatchObject({
        shape: { x: 70, y: 60, z: 12, c: 1, t: 1 },
        dtype: 'uint16',
        voxelSize: { x: 0.411, z: 1 },
        // What training takes as the slice FWHM by default: the sample's OME-XML records it.
        sliceProfile: { axialFwhm: 2.2, lateralFwhm: 0.8, source: 'ome-xml' },
      });
      expect(await client.call('volumeInfo', { volumeId: volume.volumeId })).toEqual(volume);
    });

    it('reads planes, full and binned, byte for byte as the volume holds them', async () => {
      const local = await openVolume(fixture.input);
      try {
        const xz = await client.call('readPlane', { volumeId: volume.volumeId, axis: 'xz', index: 17 });
        expect(xz.header).toMatchObject({ width: 70, height: 12, dtype: 'uint16', byteLength: 70 * 12 * 2 });
        expect([...samples(xz.data, 'uint16')]).toEqual([...(await local.readPlaneXZ(17))]);
        const xy = await client.call('readPlaneBinned', {
          volumeId: volume.volumeId,
          axis: 'xy',
          index: 5,
          bin: 4,
        });
        expect(xy.header).toMatchObject({ width: 18, height: 15, dtype: 'uint16', byteLength: 18 * 15 * 2 });
        expect([...samples(xy.data, 'uint16')]).toEqual(
          expectedBinned(await local.readPlaneXY(5), 70, 60, 4),
        );
        const yz = await client.call('readPlaneBinned', {
          volumeId: volume.volumeId,
          axis: 'yz',
          index: 3,
          bin: 1,
        });
        expect([...samples(yz.data, 'uint16')]).toEqual([...(await local.readPlaneYZ(3))]);
      } finally {
        await local.close();
      }
    });

    it('rejects bad arguments and unknown volumes with tagged errors', async () => {
      await expect(
        client.call('readPlane', { volumeId: volume.volumeId, axis: 'xx' as 'xy', index: 0 }),
      ).rejects.toMatchObject({ wire: { layer: 'api', tag: 'bad-request' } });
      await expect(
        client.call('readPlaneBinned', { volumeId: volume.volumeId, axis: 'xy', index: 0, bin: 0 }),
      ).rejects.toMatchObject({ tag: 'bad-request' });
      await expect(client.call('volumeInfo', { volumeId: 'nope' })).rejects.toMatchObject({
        wire: { layer: 'api', tag: 'unknown-volume' },
      });
      await expect(client.call('runStatus', { runDir: join(dir.path, 'no-run') })).rejects.toMatchObject({
        wire: { layer: 'run' },
      });
    });

    it('trains a few steps in a worker: metrics, then a done JobEvent, then a model', async () => {
      const modelDir = join(dir.path, 'trained');
      const job = await client.call('startTraining', {
        input: { volumeId: volume.volumeId },
        modelDir,
        preset: 'tiny',
        maxPatches: 64,
        seed: 3,
      });
      expect(job).toMatchObject({ kind: 'train', state: 'running', target: modelDir, error: null });
      const end = await jobEnded(job.jobId);
      expect(end.job).toMatchObject({ state: 'done', result: { stopped: 'max-patches', patches: 64 } });
      // The worker's backend is part of the job (automatic choice here: wasm, as the device says).
      expect(end.job.backend).toMatchObject({
        name: 'ort-cpu',
        device: expect.stringContaining('onnxruntime'),
        reason: expect.any(String),
      });
      expect(await client.call('health', {})).toMatchObject({
        backend: 'ort-cpu',
        engine: {
          name: 'ort-cpu',
          device: expect.stringContaining('cpu provider'),
          reason: expect.stringContaining('chose ort-cpu'),
        },
      });
      const metrics = events.filter((e) => e.event === 'trainingMetrics' && e.jobId === job.jobId);
      expect(metrics.length).toBeGreaterThan(0);
      expect(metrics.some((m) => m.event === 'trainingMetrics' && m.valLoss !== undefined)).toBe(true);
      expect(existsSync(modelFile(modelDir))).toBe(true);
      expect((await client.call('listJobs', {})).jobs.find((j) => j.jobId === job.jobId)?.state).toBe('done');
      expect((await client.call('recentFiles', {})).files.map((f) => f.path)).toEqual(
        expect.arrayContaining([modelDir, fixture.input]),
      );
    }, 120_000);

    it("runs a stack: unit events, progress, a done job; MIP tiles and preview equal the run layer's assembly", async () => {
      const job = await client.call('startRun', {
        input: { path: fixture.input },
        modelDir: fixture.model,
        runDir,
        unit: 16,
        orientations: 'xz',
        dtype: 'float32',
      });
      expect(job).toMatchObject({ kind: 'run', state: 'running', target: runDir });
      expect((await jobEnded(job.jobId)).job.state).toBe('done');
      const units = events.filter((e) => e.event === 'unitDone' && e.runDir === runDir);
      const m = await readManifest(runDir);
      expect(units).toHaveLength(m.grid.units);
      const last = events.filter((e) => e.event === 'runProgress' && e.jobId === job.jobId).at(-1);
      expect(last).toMatchObject({ unitsDone: m.grid.units, unitsTotal: m.grid.units });
      expect(events.filter((e) => e.event === 'previewUpdated' && e.runDir === runDir).at(-1)).toMatchObject({
        unitsDone: m.grid.units,
      });

      const done = await readJournals(runDir);
      const mips = await assembleMips(runDir, m.grid, done.keys());
      const info = await client.call('mipInfo', { runDir });
      expect(info).toMatchObject({
        tileSize: 512,
        levels: { z: 1, y: 1, x: 1 },
        unitsDone: m.grid.units,
        axes: { z: { width: 70, height: 60 }, x: { width: 60, height: m.output.shape.z } },
      });
      expect(info.range.z!.lo).toBeLessThan(info.range.z!.hi);
      for (const source of ['sr', 'bicubic'] as const) {
        for (const axis of ['z', 'y', 'x'] as const) {
          const tile = await client.call('readMipTile', { runDir, source, axis, level: 0, tx: 0, ty: 0 });
          expect(tile.header).toMatchObject({
            width: mips[source][axis].width,
            height: mips[source][axis].height,
            dtype: 'float32',
          });
          expect(sameFloats(samples(tile.data, 'float32') as Float32Array, mips[source][axis].data)).toBe(
            true,
          );
        }
        const preview = await client.call('readPreview', { runDir, source });
        const expected = await assemblePreview(runDir, m.grid, done.keys(), source);
        expect(preview.header).toMatchObject({
          dims: expected.geometry.dims,
          factor: 1,
          unitsDone: m.grid.units,
        });
        expect(preview.header.doneBoxes).toHaveLength(m.grid.units);
        expect(sameFloats(samples(preview.data, 'float32') as Float32Array, expected.data)).toBe(true);
      }
      await expect(
        client.call('readMipTile', { runDir, source: 'sr', axis: 'z', level: 1, tx: 0, ty: 0 }),
      ).rejects.toMatchObject({ tag: 'bad-request' });
      const compare = await client.call('compareRun', { runDir, out: join(dir.path, 'compare') });
      expect(compare.files.length).toBeGreaterThan(0);
      expect(compare.files.every((f) => existsSync(f))).toBe(true);
      expect((await client.call('listRuns', {})).runs).toContainEqual(
        expect.objectContaining({ runDir, status: expect.objectContaining({ state: 'done' }) }),
      );
    }, 120_000);

    it('finalizes the finished run in a worker: MIPs, PNGs and preview as the run layer makes them, a finalized status', async () => {
      const job = await client.call('finalizeRun', { runDir });
      expect(job).toMatchObject({ kind: 'finalize', state: 'running', target: runDir });
      const end = (await jobEnded(job.jobId)).job;
      const store = await openOmeZarr(join(runDir, 'output.zarr'));
      try {
        expect(end).toMatchObject({
          state: 'done',
          result: {
            pyramidLevels: store.levels.length,
            files: expect.arrayContaining(['mips/mip-sr-z.png', 'preview/preview.f32']),
          },
        });
      } finally {
        await store.close();
      }
      expect(await client.call('runStatus', { runDir })).toMatchObject({ state: 'done', finalized: true });
      const m = await readManifest(runDir);
      const done = [...(await readJournals(runDir)).keys()];
      const mips = await assembleMips(runDir, m.grid, done);
      const rowScale = m.output.voxelSize.z / m.output.voxelSize.x;
      for (const source of ['sr', 'bicubic'] as const) {
        for (const axis of AXES) {
          const p = mips[source][axis];
          const base = join(runDir, `mips/mip-${source}-${axis}`);
          expect(sameFloats(floatFile(`${base}.f32`), p.data)).toBe(true);
          const png = projectionPng(p.data, p.width, p.height, { rowScale: axis === 'z' ? 1 : rowScale });
          expect(readFileSync(`${base}.png`).equals(png), `${base}.png`).toBe(true);
        }
      }
      expect(
        sameFloats(
          floatFile(join(runDir, 'preview/preview.f32')),
          (await assemblePreview(runDir, m.grid, done)).data,
        ),
      ).toBe(true);
    }, 60_000);

    it("exports the run to OME-TIFF and OME-Zarr in workers: each file opens and holds output.zarr's voxels", async () => {
      const output = await openVolume(join(runDir, 'output.zarr'));
      try {
        const want = (await wholeVolume(output)) as Float32Array;
        for (const [format, name] of [
          ['ome-tiff', 'export.ome.tif'],
          ['zarr', 'export.zarr'],
        ] as const) {
          const out = join(dir.path, name);
          const job = await client.call('exportRun', { runDir, out, format });
          expect(job).toMatchObject({ kind: 'export', state: 'running', target: out });
          expect((await jobEnded(job.jobId)).job).toMatchObject({ state: 'done', result: { out, format } });
          const exported = await openVolume(out);
          try {
            expect(exported).toMatchObject({ shape: output.shape, dtype: 'float32' });
            expect(sameFloats((await wholeVolume(exported)) as Float32Array, want), format).toBe(true);
          } finally {
            await exported.close();
          }
        }
      } finally {
        await output.close();
      }
    }, 60_000);

    it("previews a model on one plane: SR equals the run's xz output there, bicubic the cubic B-spline", async () => {
      const index = 21;
      const { header, data } = await client.call('previewModel', {
        modelDir: fixture.model,
        input: { volumeId: volume.volumeId },
        axis: 'xz',
        index,
      });
      const m = await readManifest(runDir);
      expect(header).toMatchObject({
        axis: 'xz',
        index,
        width: 70,
        height: m.output.shape.z,
        dtype: 'float32',
        byteLength: 2 * 70 * m.output.shape.z * 4,
      });
      const all = samples(data, 'float32') as Float32Array;
      const sr = all.subarray(0, all.length / 2);
      const bicubic = all.subarray(all.length / 2);
      const out = await openVolume(join(runDir, 'output.zarr'));
      const local = await openVolume(fixture.input);
      try {
        expect(sameFloats(sr, Float32Array.from(await out.readPlaneXZ(index)))).toBe(true);
        const plane = Float32Array.from(await local.readPlaneXZ(index));
        const cubic = interpolateZ(plane, { x: 70, y: 1, z: 12 }, zTargets(12, m.params.ratio)).data;
        expect(sameFloats(bicubic, cubic)).toBe(true);
      } finally {
        await out.close();
        await local.close();
      }
      expect(header.range.lo).toBeLessThan(header.range.hi);
    }, 60_000);

    it('pauses a run after its unit in progress and resumes it to the end', async () => {
      const slow = join(dir.path, 'run-paused');
      const job = await client.call('startRun', {
        input: { path: fixture.input },
        modelDir: fixture.model,
        runDir: slow,
        unit: 4,
      });
      await unitDoneIn(slow);
      const paused = await client.call('pauseRun', { runDir: slow });
      expect(paused).toMatchObject({ runDir: slow, jobId: null, status: { state: 'stopped' } });
      expect(paused.status!.unitsDone).toBeLessThan(paused.status!.unitsTotal);
      expect((await client.call('listJobs', {})).jobs.find((j) => j.jobId === job.jobId)?.state).toBe(
        'stopped',
      );
      // Finalizing it now is refused by the run layer; the worker's tagged error reaches the client as the failed job's.
      const refused = await client.call('finalizeRun', { runDir: slow });
      const failed = (await jobEnded(refused.jobId)).job;
      expect(failed).toMatchObject({
        kind: 'finalize',
        state: 'failed',
        error: {
          layer: 'run',
          tag: 'incomplete',
          message: expect.stringContaining('units are not done yet'),
        },
      });
      expect(
        (
          await waitFor(
            (e): e is Extract<ApiEvent, { event: 'error' }> =>
              e.event === 'error' && e.error.tag === 'incomplete',
          )
        ).error,
      ).toEqual(failed.error);
      expect((await client.call('runStatus', { runDir: slow })).finalized).toBe(false);
      const resumed = await client.call('resumeRun', { runDir: slow });
      expect(resumed).toMatchObject({ kind: 'run', state: 'running' });
      expect((await jobEnded(resumed.jobId)).job.state).toBe('done');
      const status = await client.call('runStatus', { runDir: slow });
      expect(status.unitsDone).toBe(status.unitsTotal);
    }, 120_000);

    it('cancels a request: its promise rejects with an aborted error', async () => {
      const abort = new AbortController();
      const pending = client.call(
        'previewModel',
        { modelDir: fixture.model, input: { volumeId: volume.volumeId } },
        { signal: abort.signal },
      );
      await waitFor(
        (e): e is Extract<ApiEvent, { event: 'job' }> =>
          e.event === 'job' &&
          e.job.kind === 'previewModel' &&
          e.job.state === 'running' &&
          !events.some((x) => x.event === 'job' && x.job.jobId === e.job.jobId && x.job.state !== 'running'),
      );
      abort.abort();
      await expect(pending).rejects.toMatchObject({ tag: 'aborted' });
      const jobs: JobInfo[] = (await client.call('listJobs', {})).jobs;
      expect(jobs.filter((j) => j.kind === 'previewModel')[0].state).toBe('stopped');
    }, 60_000);

    it('cancels runs: listRuns forgets them; the folder goes only with deleteOutput and only when it holds a run', async () => {
      const kept = join(dir.path, 'run-paused');
      expect(await client.call('cancelRun', { runDir: kept })).toEqual({ runDir: kept, deleted: false });
      expect(existsSync(join(kept, 'manifest.json'))).toBe(true);

      const doomed = join(dir.path, 'run-cancelled');
      const job = await client.call('startRun', {
        input: { path: fixture.input },
        modelDir: fixture.model,
        runDir: doomed,
        unit: 4,
      });
      await unitDoneIn(doomed);
      expect(await client.call('cancelRun', { runDir: doomed, deleteOutput: true })).toEqual({
        runDir: doomed,
        deleted: true,
      });
      expect(existsSync(doomed)).toBe(false);
      expect((await client.call('listJobs', {})).jobs.find((j) => j.jobId === job.jobId)?.state).toBe(
        'stopped',
      );

      const notARun = join(dir.path, 'not-a-run');
      mkdirSync(notARun);
      writeFileSync(join(notARun, 'notes.txt'), 'keep me');
      await expect(client.call('cancelRun', { runDir: notARun, deleteOutput: true })).rejects.toMatchObject({
        wire: { layer: 'run', tag: 'not-a-run' },
      });
      expect(readFileSync(join(notARun, 'notes.txt'), 'utf8')).toBe('keep me');

      const listed = (await client.call('listRuns', {})).runs.map((r) => r.runDir);
      expect(listed).toContain(runDir);
      expect(listed).not.toContain(kept);
      expect(listed).not.toContain(doomed);
    }, 60_000);
  });
}
