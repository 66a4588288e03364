/** An in-memory Volume of float32 xy planes that records which planes were read. */
import type { ReadOptions, Volume } from '../../../app/volume/types.js';

export interface FakeVolume extends Volume {
  /** The z of every plane read, in order. */
  reads: number[];
  /** Every plane read with its channel and time point, in order. */
  planeReads: { z: number; c: number; t: number }[];
}

export function fakeVolume(
  w: number,
  h: number,
  z: number,
  value: (x: number, y: number, z: number, t: number) => number,
  timepoints = 1,
): FakeVolume {
  const reads: number[] = [];
  const planeReads: FakeVolume['planeReads'] = [];
  const v = {
    path: '/fake/volume.tif',
    format: 'tiff',
    shape: { x: w, y: h, z, c: 1, t: timepoints },
    dtype: 'float32',
    voxelSize: { x: 0.5, y: 0.5, z: 1.5 },
    voxelSizeSource: 'user',
    compression: 'none',
    layout: 'memory',
    bytes: w * h * z * timepoints * 4,
    dimensionOrder: 'XYZCT',
    reads,
    planeReads,
    async readPlaneXY(k: number, options: ReadOptions = {}) {
      const t = options.t ?? 0;
      reads.push(k);
      planeReads.push({ z: k, c: options.c ?? 0, t });
      return Float32Array.from({ length: w * h }, (_, i) => value(i % w, Math.floor(i / w), k, t));
    },
    async close() {},
  };
  return v as unknown as FakeVolume;
}
