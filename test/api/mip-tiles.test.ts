/**
 * MIP pyramid levels: each level the NaN-aware max over 2^L × 2^L blocks of level 0, until one
 * tile holds it; and the cache that folds in a running run's units as they are journaled.
 */
import { describe, expect, it } from 'vitest';
import { MipTiles } from '../../app/api/mip-tiles.js';
import { sharedRange } from '../../app/image/contrast.js';
import { halveMax, pyramidOf } from '../../app/image/pyramid.js';
import { JournalWriter } from '../../app/run/journal.js';
import { assembleMips, type Projection } from '../../app/run/mips.js';
import { unitOf } from '../../app/run/unit-grid.js';
import { seeded, tempDir } from '../helpers/fixtures.js';
import { sampleRun, writeRandomMips } from '../helpers/mip-run.js';

/** Brute force: the max of the finite values in each f × f block (NaN when none). */
function blockMax(p: Projection, f: number): Float32Array {
  const w = Math.ceil(p.width / f);
  const h = Math.ceil(p.height / f);
  const out = new Float32Array(w * h).fill(NaN);
  for (let y = 0; y < p.height; y++)
    for (let x = 0; x < p.width; x++) {
      const v = p.data[y * p.width + x];
      const i = Math.floor(y / f) * w + Math.floor(x / f);
      if (!Number.isNaN(v) && !(out[i] >= v)) out[i] = v;
    }
  return out;
}

describe('MIP pyramids', () => {
  const random = seeded(5);
  const width = 1100;
  const height = 600;
  const data = Float32Array.from({ length: width * height }, (_, i) =>
    i % width < 300 && Math.floor(i / width) < 200 ? NaN : random() * 1000 - 200,
  );
  const base: Projection = { width, height, data };

  it('has levels until the coarsest fits a 512 tile, each the block max of level 0', () => {
    const levels = pyramidOf(base, 512);
    expect(levels.map((l) => [l.width, l.height])).toEqual([
      [1100, 600],
      [550, 300],
      [275, 150],
    ]);
    for (let L = 1; L < levels.length; L++) {
      const want = blockMax(base, 2 ** L);
      expect(
        levels[L].data.every((v, i) => (Number.isNaN(v) ? Number.isNaN(want[i]) : v === want[i])),
        `level ${L}`,
      ).toBe(true);
    }
    expect(Number.isNaN(levels[2].data[0])).toBe(true);
  });

  it('keeps one level for a projection that already fits', () => {
    expect(pyramidOf({ width: 512, height: 100, data: new Float32Array(51200) }, 512)).toHaveLength(1);
  });

  it('halves odd sizes upwards', () => {
    const h = halveMax({ width: 3, height: 1, data: Float32Array.of(1, 5, NaN) });
    expect([h.width, h.height, ...h.data]).toEqual([2, 1, 5, NaN]);
  });

  it('shares one range between SR and bicubic, ignoring NaN; null when nothing is finite', () => {
    const r = sharedRange(
      Float32Array.from({ length: 1000 }, (_, i) => i),
      Float32Array.from({ length: 1000 }, (_, i) => (i < 500 ? NaN : 1000 + i)),
    );
    expect(r!.lo).toBeLessThan(5);
    expect(r!.hi).toBeGreaterThan(1990);
    expect(sharedRange(Float32Array.of(NaN), Float32Array.of(NaN))).toBeNull();
  });
});

describe('MIP tiles of a run that is still working', () => {
  it('folds in units as they are journaled, in any order, exactly as a full assembly of the same units', async () => {
    const dir = tempDir('isotrope-mip-tiles-');
    try {
      const { runDir, grid } = await sampleRun(dir.path, 600);
      const random = seeded(11);
      for (let id = 0; id < grid.units; id++) await writeRandomMips(runDir, grid, id, random);
      const order = Array.from({ length: grid.units }, (_, i) => i).sort(() => random() - 0.5);
      const journal = await JournalWriter.open(runDir, { index: 0, count: 1 });
      const live = new MipTiles();
      const everyTile = async (tiles: MipTiles): Promise<string[]> => {
        const info = await tiles.info(runDir);
        const out = [JSON.stringify(info.range), String(info.unitsDone)];
        for (const source of ['sr', 'bicubic'] as const)
          for (const axis of ['z', 'y', 'x'] as const) {
            for (let level = 0; level < info.levels[axis]; level++) {
              const w = Math.ceil(info.axes[axis].width / 2 ** level);
              const h = Math.ceil(info.axes[axis].height / 2 ** level);
              for (let ty = 0; ty * 512 < h; ty++)
                for (let tx = 0; tx * 512 < w; tx++) {
                  out.push(
                    Buffer.from((await tiles.tile(runDir, source, axis, level, tx, ty)).data).toString(
                      'base64',
                    ),
                  );
                }
            }
          }
        return out;
      };
      expect((await live.info(runDir)).levels).toEqual({ z: 2, y: 2, x: 1 });
      for (let i = 0; i < order.length;) {
        const batch = order.slice(i, (i += 1 + Math.floor(random() * 4)));
        for (const id of batch)
          await journal.append({
            unit: id,
            box: unitOf(grid, id).box,
            at: new Date().toISOString(),
            seconds: 0,
          });
        expect(await everyTile(live)).toEqual(await everyTile(new MipTiles()));
      }
      await journal.close();
      // And level 0 is the run layer's own assembly.
      const full = await assembleMips(runDir, grid, order);
      const tile = new Float32Array((await live.tile(runDir, 'sr', 'z', 0, 0, 0)).data.slice().buffer);
      for (let row = 0; row < 40; row++)
        expect(tile.subarray(row * 512, row * 512 + 512)).toEqual(
          full.sr.z.data.subarray(row * 600, row * 600 + 512),
        );
    } finally {
      dir.remove();
    }
  }, 60_000);

  it('serves each channel of a multi-channel run on its own, with its own contrast', async () => {
    const dir = tempDir('isotrope-mip-channels-');
    try {
      const { runDir, grid } = await sampleRun(dir.path, 60, 2);
      const perPlane = grid.units / 2;
      const random = seeded(9);
      const journal = await JournalWriter.open(runDir, { index: 0, count: 1 });
      for (let id = 0; id < grid.units; id++) {
        const box = await writeRandomMips(runDir, grid, id, id < perPlane ? random : () => 2000 + random());
        await journal.append({ unit: id, box, at: new Date().toISOString(), seconds: 0 });
      }
      await journal.close();
      const tiles = new MipTiles();
      const info = await tiles.info(runDir);
      expect(info.channels?.map((c) => [c.index, c.name, c.color])).toEqual([
        [0, 'vessels', '00FFFF'],
        [1, 'nuclei', 'FF00FF'],
      ]);
      expect(info.timepoints).toEqual([0]);
      expect(info.channels?.[1].range.z?.lo).toBeGreaterThan(1999);
      expect(info.channels?.[0].range.z?.hi).toBeLessThan(1001);
      const ids = Array.from({ length: grid.units }, (_, i) => i);
      for (const c of [0, 1]) {
        const want = await assembleMips(runDir, grid, ids, c);
        const { header, data } = await tiles.tile(runDir, 'bicubic', 'y', 0, 0, 0, { c });
        expect(header).toMatchObject({ c, t: 0, width: 60, unitsDone: grid.units });
        expect(new Float32Array(data.slice().buffer)).toEqual(want.bicubic.y.data);
      }
      const beyond = await tiles.tile(runDir, 'sr', 'z', 0, 0, 0, { c: 2 }).catch((e: unknown) => e);
      expect((beyond as Error).message).toContain('does not cover channel 2');
    } finally {
      dir.remove();
    }
  }, 60_000);
});
