/**
 * The run's core promise: cutting the output into units (each reading one brick with its halo)
 * gives the whole-volume result of superResolveBlock bit for bit, for any unit size, with a
 * zero-tail network (identity: SR = bicubic) and with a random non-zero tail (the network
 * really changes the data), for both orientations fused and each alone; and at other z ratios,
 * non-integer (2.43, the paper's LSFM case) and integer (3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendFixture } from '../compute/backend-fixture.js';
import { tempDir } from '../helpers/fixtures.js';
import { generateSample } from '../../app/sample/generate.js';
import { openVolume } from '../../app/volume/open.js';
import type { Volume } from '../../app/volume/types.js';
import { readVolumeFloat32, superResolveArray } from '../../app/sr/inference/whole-volume.js';
import { zTargetCount } from '../../app/sr/inference/z-grid.js';
import { createRunner, type NetworkRunner } from '../../app/sr/networks/runner.js';
import type { BackendName } from '../../app/compute/index.js';
import { initWeights } from '../../app/sr/networks/init.js';
import { preset } from '../../app/sr/networks/presets.js';
import { computeUnit } from '../../app/run/compute-unit.js';
import { unitCount, unitOf, type UnitGrid } from '../../app/run/unit-grid.js';
import type { Orientations } from '../../app/sr/inference/super-resolve-block.js';

const normalisation = { kind: 'percentile' as const, lo: 100, hi: 15000 };
const sampleRatio = 1 / 0.411;
const bytes = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe.each(['ort-cpu', 'wasm'] as BackendName[])(
  'unit-wise run = whole-volume superResolveBlock (%s)',
  (name) => {
    const fixture = backendFixture(name);
    const dir = tempDir('isotrope-units-');
    let volume: Volume;
    beforeAll(async () => {
      const files = await generateSample(dir.path, { size: { x: 70, y: 60, z: 12 }, groundTruth: false });
      volume = await openVolume(files.stack);
    }, 60_000);
    afterAll(async () => {
      await volume?.close();
      dir.remove();
    });

    async function unitWise(
      net: NetworkRunner,
      unit: { y: number; z: number },
      orientations: Orientations,
      tile?: number,
      ratio = sampleRatio,
    ) {
      const { x, y } = volume.shape;
      const outZ = zTargetCount(volume.shape.z, ratio);
      const grid: UnitGrid = { shape: { x, y, z: outZ }, unit };
      const sr = new Float32Array(x * y * outZ);
      const bicubic = new Float32Array(x * y * outZ);
      for (let id = 0; id < unitCount(grid); id++) {
        const { box } = unitOf(grid, id);
        const s = await computeUnit({ volume, net, ratio, outZ, normalisation, orientations, tile }, box);
        const ny = box.y.end - box.y.start;
        for (let z = 0; z < s.dims.z; z++)
          for (let r = 0; r < ny; r++) {
            const dst = ((box.z.start + z) * y + box.y.start + r) * x;
            sr.set(s.sr.subarray((z * ny + r) * x, (z * ny + r + 1) * x), dst);
            bicubic.set(s.bicubic.subarray((z * ny + r) * x, (z * ny + r + 1) * x), dst);
          }
      }
      return { sr, bicubic };
    }

    for (const zeroTail of [true, false]) {
      it(`matches bit for bit (${zeroTail ? 'zero' : 'random'} tail), for several unit sizes and orientations`, async (ctx) => {
        const active = await fixture.use();
        if (!active) return ctx.skip(fixture.why);
        const config = preset('valid', 'tiny');
        const net = await createRunner(active, config, initWeights(config, { seed: 7, zeroTail }));
        const { data, dims } = await readVolumeFloat32(volume);
        for (const orientations of ['both', 'xz', 'yz'] as const) {
          const whole = await superResolveArray(data, dims, sampleRatio, net, {
            normalisation,
            orientations,
          });
          if (!zeroTail) expect(bytes(whole.sr).equals(bytes(whole.bicubic))).toBe(false);
          const units =
            orientations === 'both'
              ? [
                  { y: 16, z: 8 },
                  { y: 64, z: 64 },
                  { y: 7, z: 5 },
                ]
              : [{ y: 16, z: 8 }];
          for (const unit of units) {
            const u = await unitWise(
              net,
              unit,
              orientations,
              orientations === 'both' && unit.y === 7 ? 20 : undefined,
            );
            expect(
              bytes(u.bicubic).equals(bytes(whole.bicubic)),
              `bicubic ${orientations} ${unit.y}x${unit.z}`,
            ).toBe(true);
            expect(bytes(u.sr).equals(bytes(whole.sr)), `sr ${orientations} ${unit.y}x${unit.z}`).toBe(true);
          }
        }
        await net.dispose();
      }, 60_000);
    }

    it('matches bit for bit at r = 2.43 and r = 3 (random tail, both orientations)', async (ctx) => {
      const active = await fixture.use();
      if (!active) return ctx.skip(fixture.why);
      const config = preset('valid', 'tiny');
      const net = await createRunner(active, config, initWeights(config, { seed: 7, zeroTail: false }));
      const { data, dims } = await readVolumeFloat32(volume);
      for (const ratio of [2.43, 3]) {
        const whole = await superResolveArray(data, dims, ratio, net, {
          normalisation,
          orientations: 'both',
        });
        expect(whole.dims.z).toBe(Math.floor((dims.z - 1) * ratio) + 1);
        for (const unit of [
          { y: 16, z: 8 },
          { y: 7, z: 5 },
        ]) {
          const u = await unitWise(net, unit, 'both', unit.y === 7 ? 20 : undefined, ratio);
          expect(
            bytes(u.bicubic).equals(bytes(whole.bicubic)),
            `bicubic r ${ratio} ${unit.y}x${unit.z}`,
          ).toBe(true);
          expect(bytes(u.sr).equals(bytes(whole.sr)), `sr r ${ratio} ${unit.y}x${unit.z}`).toBe(true);
        }
      }
      await net.dispose();
    }, 120_000);
  },
);
