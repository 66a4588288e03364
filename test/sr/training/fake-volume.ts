/** An in-memory Volume of float32 xy planes that records which planes were read. */
import type { Volume } from '../../../app/volume/types.js';

export interface FakeVolume extends Volume {
  reads: number[];
}

export function fakeVolume(
  w: number,
  h: number,
  z: number,
  value: (x: number, y: number, z: number) => number,
): FakeVolume {
  const reads: number[] = [];
  const v = {
    path: '/fake/volume.tif',
    format: 'tiff',
    shape: { x: w, y: h, z, c: 1, t: 1 },
    dtype: 'float32',
    voxelSize: { x: 0.5, y: 0.5, z: 1.5 },
    voxelSizeSource: 'user',
    compression: 'none',
    layout: 'memory',
    bytes: w * h * z * 4,
    dimensionOrder: 'XYZCT',
    reads,
    async readPlaneXY(k: number) {
      reads.push(k);
      return Float32Array.from({ length: w * h }, (_, i) => value(i % w, Math.floor(i / w), k));
    },
    async close() {},
  };
  return v as unknown as FakeVolume;
}
