/**
 * A model's result on one plane next to the bicubic baseline, for the Train screen: the xz
 * plane at y = index (or yz at x = index; default the middle one) of the input, z-upsampled
 * by cubic B-spline to isotropic rows, then through the network along that plane's
 * orientation. The plane is treated as a one-row brick with the reflect padding whole-volume
 * processing uses, so the SR plane is what a run gives with `orientations` set to that plane.
 */
import { selectBackend } from '../../../compute/select.js';
import { interpolateZ } from '../../../sr/inference/interpolate-z.js';
import { superResolvePadded } from '../../../sr/inference/super-resolve-padded.js';
import { zTargetCount } from '../../../sr/inference/z-grid.js';
import { loadModel } from '../../../sr/model-dir.js';
import { createRunner } from '../../../sr/networks/runner.js';
import { reflectIndex } from '../../../sr/plane.js';
import { openVolume } from '../../../volume/open.js';
import { ApiError } from '../../errors.js';
import { sharedRange } from '../../mip-tiles.js';
import type { JobSpec } from '../protocol.js';
import type { TaskContext, TaskOutcome } from './task.js';

export interface ModelPreview {
  axis: 'xz' | 'yz'; index: number; width: number; height: number;
  rowUm: number; pixelUm: number; range: { lo: number; hi: number };
  sr: Float32Array; bicubic: Float32Array;
}

export async function previewModelTask(spec: Extract<JobSpec, { kind: 'previewModel' }>, ctx: TaskContext): Promise<TaskOutcome> {
  const backend = await selectBackend({ preferred: spec.backend });
  ctx.report({ type: 'backend', backend: { name: backend.name, device: backend.device, reason: backend.reason } });
  try {
    const model = await loadModel(spec.modelDir);
    const volume = await openVolume(spec.input);
    const net = await createRunner(backend, model.meta.config, model.weights);
    try {
      const { x: X, y: Y, z: Z } = volume.shape;
      const across = spec.axis === 'xz' ? Y : X;
      const index = spec.index ?? Math.floor(across / 2);
      if (index >= across) throw new ApiError('bad-request', `previewModel: ${spec.axis} plane ${index} is outside 0…${across - 1}`);
      const { x: vx, y: vy, z: vz } = volume.voxelSize;
      const ratio = vx && vz ? vz / vx : model.degradation.ratio;
      const raw = spec.axis === 'xz'
        ? await volume.readPlaneXZ(index, { signal: ctx.signal }) : await volume.readPlaneYZ(index, { signal: ctx.signal });
      const width = spec.axis === 'xz' ? X : Y;
      const outZ = zTargetCount(Z, ratio);
      const m = net.margin;
      // Output planes −m … outZ+m−1, reflected at the volume's ends as a run's units do.
      const coords = Float64Array.from({ length: outZ + 2 * m }, (_, i) => reflectIndex(i - m, outZ) / ratio);
      const up = interpolateZ(Float32Array.from(raw), { x: width, y: 1, z: Z }, coords);
      // One row, padded to 1 + 2m rows by reflection (of a single row: itself).
      const PY = 1 + 2 * m; const PZ = outZ + 2 * m;
      const padded = new Float32Array(width * PY * PZ);
      for (let z = 0; z < PZ; z++) for (let y = 0; y < PY; y++) padded.set(up.data.subarray(z * width, (z + 1) * width), (z * PY + y) * width);
      const sr = await superResolvePadded(padded, { x: width, y: PY, z: PZ }, net, {
        normalisation: model.normalisation, orientations: 'xz', signal: ctx.signal,
      });
      const bicubic = up.data.slice(m * width, (m + outZ) * width);
      const pixelUm = (spec.axis === 'xz' ? vx : vy ?? vx) ?? 1;
      // The MIPs' shared SR/bicubic contrast rule; a plane with nothing finite gets 0…0, as before.
      const range = sharedRange(sr, bicubic) ?? { lo: 0, hi: 0 };
      const preview: ModelPreview = { axis: spec.axis, index, width, height: outZ, rowUm: vx ?? 1, pixelUm, range, sr, bicubic };
      return { result: preview, stopped: false };
    } finally {
      await net.dispose();
      await volume.close();
    }
  } finally { await backend.dispose(); }
}
