// Channels end to end through the built CLI with the real stores (issue 13's contract): a
// two-channel sample from `isotrope sample --channels 2`, `info --json` naming its channels,
// `train` writing a model per channel, `run` writing one OME-Zarr whose scale-0 array has a
// channel axis and omero channel metadata, `finalize` and `compare` per channel, and `export`
// to an OME-TIFF, an ImageJ hyperstack and a Zarr v2 store that read back with both channels; the
// finalized store and the v2 export validate against the vendored NGFF 0.5 / 0.4 schemas.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../helpers/fixtures.js';
import { CLI } from '../helpers/cli-process.js';
import { openVolume } from '../../app/volume/open.js';
import { ngffImageErrors } from '../helpers/ngff-schema.js';

const dir = tempDir('isotrope-cli-channels-');
const sample = join(dir.path, 'sample');
const stack = join(sample, 'lsfm.ome.tif');
const models = join(dir.path, 'models');
const runDir = join(dir.path, 'run');

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 600_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(args: string[]): string {
  const r = cli(args);
  if (r.status !== 0) throw new Error(`isotrope ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

beforeAll(() => {
  expect(existsSync(CLI)).toBe(true);
  ok(['sample', '--channels', '2', '--size', '48x40x10', '--out', sample, '--no-truth']);
}, 120_000);
afterAll(() => dir.remove());

describe('isotrope on a two-channel stack', () => {
  test('info --json adds the channels with their names and colours', () => {
    const info = JSON.parse(ok(['info', stack, '--json'])) as { channels: unknown; shape: { c: number } };
    expect(info.shape.c).toBe(2);
    expect(info.channels).toEqual([
      { name: 'vessels', color: '00FFFF' },
      { name: 'nuclei', color: 'FF00FF' },
    ]);
  });

  test('train writes a model per channel, run writes one store with a channel axis, export keeps both', () => {
    const trainArgs = ['--preset', 'tiny', '--max-patches', '32', '--backend', 'wasm'];
    ok(['train', stack, '--out', models, ...trainArgs]);
    expect(existsSync(join(models, 'c0', 'model.safetensors'))).toBe(true);
    expect(existsSync(join(models, 'c1', 'model.safetensors'))).toBe(true);

    const runArgs = ['--unit', '16', '--unit-z', '8', '--backend', 'wasm'];
    const started = cli(['run', stack, '--model', models, '--out', runDir, ...runArgs]);
    expect(started.status, started.stderr).toBe(0);
    expect(started.stderr).toContain('channels 0 (vessels), 1 (nuclei) (one model per channel)');
    const root = JSON.parse(readFileSync(join(runDir, 'output.zarr', 'zarr.json'), 'utf8')) as {
      attributes: { ome: { multiscales: { axes: { name: string; type: string }[] }[]; omero: unknown } };
    };
    const { axes } = root.attributes.ome.multiscales[0];
    expect(axes.map((a) => a.type)).toEqual(['channel', 'space', 'space', 'space']);
    const scale0 = JSON.parse(readFileSync(join(runDir, 'output.zarr', '0', 'zarr.json'), 'utf8')) as {
      shape: number[];
    };
    expect(scale0.shape[0]).toBe(2);
    ok(['finalize', runDir]);
    const omero = (
      JSON.parse(readFileSync(join(runDir, 'output.zarr', 'zarr.json'), 'utf8')) as {
        attributes: {
          ome: { omero: { channels: { label: string; color: string; window: { end: number } }[] } };
        };
      }
    ).attributes.ome.omero;
    expect(omero.channels.map((c) => [c.label, c.color])).toEqual([
      ['vessels', '00FFFF'],
      ['nuclei', 'FF00FF'],
    ]);
    expect(omero.channels[0].window.end).toBeGreaterThan(0);
    // The finalized store is an NGFF 0.5 image by the vendored schema, names, colours and windows included.
    const finalized = JSON.parse(readFileSync(join(runDir, 'output.zarr', 'zarr.json'), 'utf8')) as {
      attributes: unknown;
    };
    expect(ngffImageErrors('0.5', finalized.attributes)).toEqual([]);
    expect(existsSync(join(runDir, 'mips', 'mip-sr-y.c1.png'))).toBe(true);
    ok(['compare', runDir]);
    expect(existsSync(join(runDir, 'compare', 'composite-sr-y.png'))).toBe(true);
    expect(existsSync(join(runDir, 'compare', 'compare-x.c0.png'))).toBe(true);

    const status = JSON.parse(ok(['status', runDir, '--json'])) as { channels: { name: string }[] };
    expect(status.channels.map((c) => c.name)).toEqual(['vessels', 'nuclei']);
  }, 600_000);

  test('the run exports to an OME-TIFF, an ImageJ hyperstack and Zarr v2 with both channels', async () => {
    for (const [format, file] of [
      ['ome-tiff', 'sr.ome.tif'],
      ['tiff', 'sr.tif'],
      ['ome-zarr-v2', 'sr.v2.ome.zarr'],
    ] as const) {
      const out = join(dir.path, file);
      ok(['export', runDir, '--format', format, '--out', out]);
      const volume = await openVolume(out);
      const source = await openVolume(join(runDir, 'output.zarr'));
      try {
        expect(volume.shape.c).toBe(2);
        expect(volume.shape.z).toBe(source.shape.z);
        const box = { x: { start: 0, end: 48 }, y: { start: 0, end: 40 }, z: { start: 0, end: 4 } };
        for (const c of [0, 1])
          expect(Array.from(await volume.readBrick(box, { c }))).toEqual(
            Array.from(await source.readBrick(box, { c })),
          );
        if (format !== 'tiff') expect(volume.channels?.map((ch) => ch.name)).toEqual(['vessels', 'nuclei']);
        if (format === 'ome-zarr-v2')
          expect(ngffImageErrors('0.4', JSON.parse(readFileSync(join(out, '.zattrs'), 'utf8')))).toEqual([]);
        expect(volume.channels?.map((ch) => ch.color)).toEqual(['00FFFF', 'FF00FF']);
      } finally {
        await volume.close();
        await source.close();
      }
    }
  }, 300_000);

  test('a channel out of range is one clear line', () => {
    const r = cli(['run', stack, '--model', models, '--out', join(dir.path, 'bad'), '--channels', '0,3']);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')[0]).toContain(
      'channel 3 is out of range: the stack has 2 channels (0–1)',
    );
  });
});
