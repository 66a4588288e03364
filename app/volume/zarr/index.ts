/**
 * OME-Zarr (Zarr v3, NGFF 0.5): the run's output store and a reader for any OME-Zarr image.
 * The explicit list of what the rest of the app may use.
 */
export { createOmeZarr, openOmeZarr, SPEC_ATTRIBUTE } from './create.js';
export { OmeZarrStore, fullBox, type DownsampleOptions, type ReadBoxOptions } from './store.js';
export {
  defaultLevels,
  levelGeometry,
  omeAttributes,
  TOP_LEVEL_MAX_SIDE,
  type ChannelWindow,
  type Dims,
  type LevelGeometry,
  type OmeZarrDType,
  type OmeZarrSpec,
  type OmeroChannelSpec,
  type PlaneAxes,
  type PlaneIndex,
} from './ngff.js';
export { blockMean } from './block-mean.js';
export { isOmeZarr, openOmeZarrVolume, type OmeZarrVolume, type OmeZarrVolumeOptions } from './volume.js';
export { readMultiscales, readOmeAttributes, type MultiscalesInfo } from './multiscales.js';
export { AtomicFileSystemStore } from './atomic-store.js';
export { isTempFile } from '../durable-file.js';
