/**
 * A model's result on one plane next to the bicubic baseline (the Train screen's preview): the
 * xz plane at y = index (or yz at x = index) of the input, z-upsampled by cubic B-spline to
 * isotropic rows, then through the network along that plane's orientation. The plane is treated
 * as a one-row brick with the reflect padding whole-volume processing uses, so the SR plane is
 * what a run gives with `orientations` set to that plane.
 *
 * @example
 *   const plane = await previewPlane(volume, net, model, { axis: 'xz', index: 64 });
 *   plane.sr; plane.bicubic;   // Float32Array, width × height (isotropic rows)
 */
import type { Volume } from '../../volume/index.js';
import type { NetworkRunner } from '../networks/runner.js';
import type { Normalisation } from '../normalisation.js';
import { reflectIndex } from '../../math/index.js';
import { interpolateZ } from './interpolate-z.js';
import { superResolvePadded } from './super-resolve-padded.js';
import { zTargetCount } from './z-grid.js';

export interface PreviewPlaneOptions {
  /** xz: the plane at y = index; yz: the plane at x = index. */
  axis: 'xz' | 'yz';
  /** Must lie inside the volume (the caller checks it against the shape). */
  index: number;
  /** Input channel and time point (default 0). */
  c?: number;
  t?: number;
  signal?: AbortSignal;
}

export interface PlanePreview {
  axis: 'xz' | 'yz';
  index: number;
  /** Columns (X for xz, Y for yz) and isotropic rows. */
  width: number;
  height: number;
  /** µm per output row and per column (1 when the file does not say). */
  rowUm: number;
  pixelUm: number;
  sr: Float32Array;
  bicubic: Float32Array;
}

/** What of a loaded model the preview needs: its normalisation, and its ratio when the file has no voxel size. */
export interface PreviewModel {
  normalisation: Normalisation;
  degradation: { ratio: number };
}

export async function previewPlane(
  volume: Volume,
  net: NetworkRunner,
  model: PreviewModel,
  options: PreviewPlaneOptions,
): Promise<PlanePreview> {
  const { axis, index, signal } = options;
  const plane = { c: options.c ?? 0, t: options.t ?? 0, signal };
  const { x: voxelX, y: voxelY, z: voxelZ } = volume.voxelSize;
  const ratio = voxelX && voxelZ ? voxelZ / voxelX : model.degradation.ratio;
  const raw = axis === 'xz' ? await volume.readPlaneXZ(index, plane) : await volume.readPlaneYZ(index, plane);
  const width = axis === 'xz' ? volume.shape.x : volume.shape.y;
  const planes = volume.shape.z;
  const outZ = zTargetCount(planes, ratio);
  const margin = net.margin;
  // Output planes −margin … outZ+margin−1, reflected at the volume's ends as a run's units do.
  const coordinates = Float64Array.from(
    { length: outZ + 2 * margin },
    (_, i) => reflectIndex(i - margin, outZ) / ratio,
  );
  const upsampled = interpolateZ(Float32Array.from(raw), { x: width, y: 1, z: planes }, coordinates);
  // One row, padded to 1 + 2·margin rows by reflection (of a single row: itself).
  const paddedRows = 1 + 2 * margin;
  const paddedPlanes = outZ + 2 * margin;
  const padded = new Float32Array(width * paddedRows * paddedPlanes);
  for (let z = 0; z < paddedPlanes; z++) {
    const row = upsampled.data.subarray(z * width, (z + 1) * width);
    for (let y = 0; y < paddedRows; y++) padded.set(row, (z * paddedRows + y) * width);
  }
  const sr = await superResolvePadded(padded, { x: width, y: paddedRows, z: paddedPlanes }, net, {
    normalisation: model.normalisation,
    orientations: 'xz',
    signal,
  });
  const bicubic = upsampled.data.slice(margin * width, (margin + outZ) * width);
  const pixelUm = (axis === 'xz' ? voxelX : (voxelY ?? voxelX)) ?? 1;
  return { axis, index, width, height: outZ, rowUm: voxelX ?? 1, pixelUm, sr, bicubic };
}
