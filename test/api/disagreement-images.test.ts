/**
 * The API's 'disagreement' images (mip-tiles.ts, run-preview.ts): a run with a confidence map
 * serves the disagreement MIP (the same values finalize writes to mips/mip-disagreement-*.f32),
 * mipInfo its own range, and its 3D preview (block means of the store, like the SR's); a run
 * without one refuses the source clearly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { backendFixture } from '../compute/backend-fixture.js';
import { tempDir } from '../helpers/fixtures.js';
import { runFixture } from '../run/run-fixture.js';
import { MipTiles } from '../../app/api/mip-tiles.js';
import { RunPreviews } from '../../app/api/run-preview.js';
import { openOmeZarr } from '../../app/volume/zarr/create.js';
import { runStatus } from '../../app/run/status.js';
import { createRun } from '../../app/run/create-run.js';
import { executeRun } from '../../app/run/execute-run.js';
import { finalizeRun } from '../../app/run/finalize.js';

describe('MIP tiles of the disagreement (wasm)', () => {
  const fixture = backendFixture('wasm');
  const dir = tempDir('isotrope-mip-disagreement-');
  let input: string;
  let model: string;
  beforeAll(async () => {
    ({ input, model } = await runFixture(dir.path));
  }, 60_000);
  afterAll(() => dir.remove());

  it('serves the disagreement MIP of a run with a confidence map, and refuses it without', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const on = join(dir.path, 'on');
    const off = join(dir.path, 'off');
    await createRun({ input, model, runDir: on, unit: 16, unitZ: 8, dtype: 'float32' });
    await createRun({ input, model, runDir: off, unit: 16, unitZ: 8, confidence: false });
    await executeRun(on);
    await executeRun(off);
    await finalizeRun(on);
    const mips = new MipTiles();
    const info = await mips.info(on);
    expect(info.disagreement?.range.y).not.toBeNull();
    const { header, data } = await mips.tile(on, 'disagreement', 'y', 0, 0, 0);
    expect(header.source).toBe('disagreement');
    const tile = new Float32Array(data.buffer, data.byteOffset, data.byteLength / 4);
    const file = readFileSync(join(on, 'mips/mip-disagreement-y.f32'));
    const whole = new Float32Array(file.buffer, file.byteOffset, file.byteLength / 4);
    expect([header.width, header.height]).toEqual([info.axes.y.width, info.axes.y.height]);
    expect(
      Buffer.from(tile.buffer, tile.byteOffset, tile.byteLength).equals(
        Buffer.from(whole.buffer, whole.byteOffset, whole.byteLength),
      ),
    ).toBe(true);
    expect(info.disagreement!.range.y!.hi).toBeGreaterThan(0);
    expect((await mips.info(off)).disagreement).toBeUndefined();
    await expect(mips.tile(off, 'disagreement', 'y', 0, 0, 0)).rejects.toMatchObject({
      tag: 'bad-request',
      message: expect.stringMatching(/no disagreement map/),
    });
    // The 3D preview: at this size one preview voxel per output voxel, so the store's values.
    const previews = new RunPreviews();
    const preview = await previews.read(on, 'disagreement');
    expect(preview.header).toMatchObject({ source: 'disagreement', factor: 1 });
    expect(preview.header.range!.hi).toBeGreaterThan(0);
    const store = await openOmeZarr(join(on, 'output.zarr/disagreement'));
    const { shape } = store.levels[0];
    const all = {
      x: { start: 0, end: shape.x },
      y: { start: 0, end: shape.y },
      z: { start: 0, end: shape.z },
    };
    const stored = Float32Array.from(await store.readBox(0, all));
    const volume = new Float32Array(
      preview.data.buffer,
      preview.data.byteOffset,
      preview.data.byteLength / 4,
    );
    expect(
      Buffer.from(volume.buffer, volume.byteOffset, volume.byteLength).equals(Buffer.from(stored.buffer)),
    ).toBe(true);
    expect((await previews.read(on, 'sr')).header.source).toBe('sr');
    await expect(previews.read(off, 'disagreement')).rejects.toMatchObject({ tag: 'bad-request' });
    expect((await runStatus(on)).disagreement).toBe(join(on, 'output.zarr/disagreement'));
    expect((await runStatus(off)).disagreement).toBeUndefined();
  }, 120_000);
});
