/**
 * A small generated OME-TIFF of several channels and time points (uint16, planes in XYZCT
 * order: z fastest, then c, then t), for the training tests of channels and time points.
 * `value` gives each voxel; the stacks are seeded functions, so every run writes the same file.
 */
import { TiffWriter, buildOmeXml } from '../../../app/volume/index.js';

export interface ChannelStackSize {
  x: number;
  y: number;
  z: number;
  c: number;
  t: number;
}

export type VoxelValue = (x: number, y: number, z: number, c: number, t: number) => number;

/** Structure with xy detail for every (c, t): blobs whose spacing and brightness depend on c, drifting with t. */
export const channelBlobs: VoxelValue = (x, y, z, c, t) => {
  const spacing = 5 + 3 * c;
  const brightness = 400 * (1 + 3 * c);
  const wave =
    Math.sin((x + 2 * t) / spacing) * Math.cos((y + z) / spacing) + Math.sin((x * y) / (40 + 9 * c));
  // wave ∈ [−2, 2]: the voxel stays in [100, 100 + 2·brightness], well inside uint16.
  return Math.round(100 + brightness * (1 + wave / 2));
};

export async function writeChannelStack(
  path: string,
  size: ChannelStackSize,
  value: VoxelValue = channelBlobs,
): Promise<string> {
  const voxelSize = { x: 0.5, y: 0.5, z: 1.5 };
  const imageDescription = buildOmeXml({
    width: size.x,
    height: size.y,
    planes: size.z,
    channels: Array.from({ length: size.c }, (_, c) => ({ name: `channel ${c}` })),
    timepoints: size.t,
    dtype: 'uint16',
    voxelSize,
  });
  const writer = await TiffWriter.create(path, {
    width: size.x,
    height: size.y,
    dtype: 'uint16',
    planes: size.z * size.c * size.t,
    imageDescription,
  });
  const plane = new Uint16Array(size.x * size.y);
  for (let t = 0; t < size.t; t++)
    for (let c = 0; c < size.c; c++)
      for (let z = 0; z < size.z; z++) {
        for (let i = 0; i < plane.length; i++) plane[i] = value(i % size.x, Math.floor(i / size.x), z, c, t);
        await writer.appendPlane(plane);
      }
  await writer.close();
  return path;
}
