/**
 * The volume layer's public list: opening stacks lazily, their headers and slice profiles, tagged
 * errors, the writers (BigTIFF, ImageJ, OME-Zarr) and exports.
 */
export { bytesOf, isTempFile, syncDir, temporaryPath, writeDurable, writeSynced } from './durable-file.js';
export { isVolumeError, throwIfAborted, type VolumeErrorTag } from './errors.js';
export { exportVolume, PARTIAL_ATTRIBUTE, type PartialExport } from './export.js';
export { EXPORT_FORMATS, ExportFormatOption, type ExportFormat } from './export-options.js';
export { checkExportTarget } from './export-target.js';
export { makeDirectory, requireWritableFolder } from './output-folder.js';
export { openVolume, READABLE_STACKS, type OpenVolumeOptions } from './open.js';
export { scanStack, type IntensitySummary } from './stack-stats.js';
export type {
  Box,
  ChannelInfo,
  ReadOptions,
  SliceProfileSource,
  Span,
  TypedArray,
  Volume,
  VolumeHeader,
} from './types.js';
export { buildOmeXml } from './metadata/ome-xml-write.js';
export type { RecordedSliceProfile } from './metadata/slice-profile-annotation.js';
export { listTiffFiles } from './tiff/open-folder.js';
export { TiffWriter } from './tiff/writer.js';
export { createOmeZarr, openOmeZarr } from './zarr/index.js';
export type { ChannelWindow, OmeroChannelSpec, OmeZarrSpec, PlaneIndex } from './zarr/index.js';
export { describeVolume, type VolumeDescription } from './describe.js';
export {
  channelsOf,
  defaultChannelColor,
  normaliseColor,
  DEFAULT_CHANNEL_COLORS,
  type ChannelDisplay,
} from './channels.js';
export { escapeXml } from './metadata/xml-escape.js';
