/**
 * A small generated OME-TIFF of several channels and time points (uint16, written by the shared
 * writeOmeStack), for the training tests of channels and time points.
 * `value` gives each voxel; the stacks are seeded functions, so every run writes the same file.
 */
import { writeOmeStack } from '../../helpers/fixtures.js';

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
  const stackOf = (c: number, t: number): Uint16Array => {
    const stack = new Uint16Array(size.x * size.y * size.z);
    for (let i = 0; i < stack.length; i++) {
      const x = i % size.x;
      const y = Math.floor(i / size.x) % size.y;
      stack[i] = value(x, y, Math.floor(i / (size.x * size.y)), c, t);
    }
    return stack;
  };
  await writeOmeStack(path, {
    ...size,
    voxelSize: { x: 0.5, y: 0.5, z: 1.5 },
    channels: Array.from({ length: size.c }, (_, c) => ({ name: `channel ${c}` })),
    data: stackOf,
  });
  return path;
}
