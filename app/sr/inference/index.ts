/** Volume super-resolution: the z grid, z interpolation, the two-orientation network pass. */
export { zTargets, zTargetCount, zTargetsRange } from './z-grid.js';
export { interpolateZ, type InterpolateZOptions } from './interpolate-z.js';
export {
  previewPlane,
  type PlanePreview,
  type PreviewPlaneOptions,
  type PreviewModel,
} from './preview-plane.js';
export {
  superResolveBlock,
  superResolveBlockParts,
  type Orientations,
  type SuperResolveOptions,
} from './super-resolve-block.js';
export {
  superResolveArray,
  readVolumeFloat32,
  MAX_IN_MEMORY_VOXELS,
  type WholeVolumeOptions,
  type WholeVolumeResult,
} from './whole-volume.js';
export {
  superResolvePadded,
  superResolvePaddedParts,
  type PaddedParts,
  type UnitNetworkOptions,
} from './super-resolve-padded.js';
