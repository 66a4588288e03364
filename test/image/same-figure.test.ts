/**
 * One comparison renderer: for the same run, `isotrope compare`'s PNGs (compare-<axis>.png,
 * difference-<axis>.png) and the UI's "Export PNG" (full-resolution MIPs read tile by tile from
 * the engine, drawn by renderer/src/compare/export-png.ts) hold the same pixels, on a run still
 * in progress (some regions not computed yet).
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineClient } from '../../app/api/client.js';
import { MipTiles } from '../../app/api/mip-tiles.js';
import { compareRun, comparisonTitle } from '../../app/run/compare.js';
import { readManifest } from '../../app/run/manifest.js';
import { planesOf } from '../../app/run/run-planes.js';
import { JournalWriter } from '../../app/run/journal.js';
import { AXES } from '../../app/run/mips.js';
import { comparisonFigure, exportTitle } from '../../renderer/src/compare/export-figure.js';
import { readMipImage } from '../../renderer/src/compare/mip-image.js';
import { seeded, tempDir } from '../helpers/fixtures.js';
import { sampleRun, writeRandomMips } from '../helpers/mip-run.js';
import { decodePng } from '../helpers/png-decode.js';

/** The engine's readMipTile behind the one method the export uses. */
function engineClient(tiles: MipTiles): Pick<EngineClient, 'call'> {
  const call = async (
    _name: string,
    args: {
      runDir: string;
      source: 'sr' | 'bicubic';
      axis: 'z' | 'y' | 'x';
      level: number;
      tx: number;
      ty: number;
    },
  ) => tiles.tile(args.runDir, args.source, args.axis, args.level, args.tx, args.ty);
  return { call } as unknown as Pick<EngineClient, 'call'>;
}

describe('the CLI figure and the UI export', () => {
  it('draw the same pixels for the same run', async () => {
    const dir = tempDir('isotrope-same-figure-');
    try {
      const { runDir, grid } = await sampleRun(dir.path, 120);
      const random = seeded(3);
      const journal = await JournalWriter.open(runDir, { index: 0, count: 1 });
      // Every unit but the last two: the figures must agree on what is not computed yet too.
      for (let id = 0; id < grid.units - 2; id++) {
        const box = await writeRandomMips(runDir, grid, id, random);
        await journal.append({ unit: id, box, at: new Date().toISOString(), seconds: 0 });
      }
      await journal.close();
      const out = join(dir.path, 'compare');
      await compareRun(runDir, { out });

      const tiles = new MipTiles();
      const info = await tiles.info(runDir);
      const client = engineClient(tiles);
      const manifest = await readManifest(runDir);
      const [plane] = planesOf(manifest);
      for (const axis of AXES) {
        const sr = await readMipImage(client, info, 'sr', axis);
        const bicubic = await readMipImage(client, info, 'bicubic', axis);
        for (const [figure, file] of [
          ['side-by-side', `compare-${axis}.png`],
          ['difference', `difference-${axis}.png`],
        ] as const) {
          const cli = decodePng(await readFile(join(out, file)));
          // The UI's title from mipInfo's names must be the CLI's, so the title bands match too.
          const title = exportTitle(info, axis);
          expect(title).toEqual(comparisonTitle(manifest, plane, axis));
          const ui = comparisonFigure(sr, bicubic, info, axis, figure, title);
          expect([ui.width, ui.height, ui.channels], `${file} size`).toEqual([
            cli.width,
            cli.height,
            cli.channels,
          ]);
          expect(Buffer.from(ui.data).equals(Buffer.from(cli.data)), `${file} pixels`).toBe(true);
        }
      }
    } finally {
      dir.remove();
    }
  }, 60_000);
});
