/**
 * readMipTile's 'disagreement' source: a run with a confidence map serves the disagreement MIP
 * (the same values finalize writes to mips/mip-disagreement-*.f32) and mipInfo its own range;
 * a run without one refuses the source clearly and mipInfo has no disagreement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { backendFixture } from '../compute/backend-fixture.js';
import { tempDir } from '../helpers/fixtures.js';
import { runFixture } from '../run/run-fixture.js';
import { MipTiles } from '../../app/api/mip-tiles.js';
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
  }, 120_000);
});
