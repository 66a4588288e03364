/**
 * A stack whose z step is 2.43 × its pixel (the paper's LSFM case), through the real CLI: the
 * run's output planes sit at z = j·xy (input plane j / r) up to the last input plane, hold the
 * exact cubic spline through the input (an untrained model: SR = bicubic), and the output z
 * spacing, the xy pixel, is written exactly into the manifest, the store's NGFF scale and the
 * exported OME-TIFF and ImageJ TIFF. Training degrades at the same, unrounded ratio.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, writeOmeStack } from '../helpers/fixtures.js';
import { saveIdentityModel } from '../helpers/identity-model.js';
import { splineResample } from '../helpers/direct-resampling.js';
import { openVolume } from '../../app/volume/open.js';
import { loadModel } from '../../app/sr/model-dir.js';
import { cliRunner, ensureBuiltCli } from '../helpers/cli-process.js';

const dir = tempDir();
afterAll(() => dir.remove());

const isotrope = cliRunner({ ISOTROPE_CACHE: join(dir.path, 'cache') });

const [X, Y, Z] = [40, 36, 10];
const xy = 0.37;
const zStep = 0.8991; // 2.43 × 0.37
const stackPath = join(dir.path, 'stack.ome.tif');
const model = join(dir.path, 'model');
const runDir = join(dir.path, 'run');
let values: Uint16Array;

beforeAll(async () => {
  ensureBuiltCli();
  values = Uint16Array.from({ length: X * Y * Z }, (_, i) => {
    const [x, y, z] = [i % X, Math.floor(i / X) % Y, Math.floor(i / (X * Y))];
    return Math.round(3000 + 2000 * Math.sin(0.9 * z + 0.3 * x) + 500 * Math.cos(0.5 * y + z));
  });
  await writeOmeStack(stackPath, {
    x: X,
    y: Y,
    z: Z,
    voxelSize: { x: xy, y: xy, z: zStep },
    data: () => values,
  });
  await saveIdentityModel(model);
}, 120_000);

describe('a stack at z step = 2.43 × xy pixel', () => {
  it('runs onto the isotropic grid at j / r and writes the output spacing exactly', async () => {
    const ratio = zStep / xy;
    expect(Number.isInteger(ratio)).toBe(false);
    const run = isotrope(
      'run',
      stackPath,
      '--model',
      model,
      '--out',
      runDir,
      '--dtype',
      'float32',
      '--backend',
      'wasm',
    );
    expect(run.status, run.stderr).toBe(0);
    let planes = 0;
    while (planes / ratio <= Z - 1) planes++;
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'));
    expect(manifest.params.ratio).toBe(ratio);
    expect(manifest.output.shape).toEqual({ x: X, y: Y, z: planes });
    expect(manifest.output.voxelSize).toEqual({ x: xy, y: xy, z: xy });
    const store = JSON.parse(readFileSync(join(runDir, 'output.zarr', 'zarr.json'), 'utf8'));
    expect(store.attributes.ome.multiscales[0].datasets[0].coordinateTransformations[0].scale).toEqual([
      xy,
      xy,
      xy,
    ]);

    const out = await openVolume(join(runDir, 'output.zarr'));
    expect(out.voxelSize).toEqual({ x: xy, y: xy, z: xy });
    const data = await out.readBrick({
      x: { start: 0, end: X },
      y: { start: 0, end: Y },
      z: { start: 0, end: planes },
    });
    await out.close();
    const positions = Array.from({ length: planes }, (_, j) => j / ratio);
    let worst = 0;
    for (let col = 0; col < X * Y; col++) {
      const direct = splineResample(
        Array.from({ length: Z }, (_, z) => values[z * X * Y + col]),
        positions,
      );
      for (let j = 0; j < planes; j++) worst = Math.max(worst, Math.abs(data[j * X * Y + col] - direct[j]));
    }
    expect(worst).toBeLessThan(0.01); // float32 of values ~5000

    for (const [format, file] of [
      ['ome-tiff', 'out.ome.tif'],
      ['tiff', 'out-imagej.tif'],
    ]) {
      const path = join(dir.path, file);
      const exported = isotrope('export', runDir, '--out', path, '--format', format);
      expect(exported.status, exported.stderr).toBe(0);
      const v = await openVolume(path);
      expect(v.shape).toMatchObject({ x: X, y: Y, z: planes });
      expect(v.voxelSize.z, format).toBe(xy);
      if (format === 'ome-tiff') expect(v.voxelSize).toEqual({ x: xy, y: xy, z: xy });
      else expect(v.voxelSize.x).toBeCloseTo(xy, 6); // a TIFF resolution is a rational
      await v.close();
    }
  }, 120_000);

  it('trains on the degradation at r = 2.43 exactly', async () => {
    const trained = join(dir.path, 'trained');
    const t = isotrope(
      'train',
      stackPath,
      '--out',
      trained,
      '--preset',
      'tiny',
      '--max-patches',
      '16',
      '--backend',
      'wasm',
    );
    expect(t.status, t.stderr).toBe(0);
    expect((await loadModel(trained)).degradation.ratio).toBe(zStep / xy);
  }, 120_000);
});
