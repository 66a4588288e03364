/**
 * A volume's header as JSON: what `isotrope info --json` prints before its intensity scan, and
 * what the API's VolumeInfo carries besides the volume's id. One function, so the two never
 * drift; fields are listed, not spread, so a field added to VolumeHeader enters the contract
 * only when it is added here.
 */
import { channelsOf, type ChannelDisplay } from './channels.js';
import type { SliceProfile, VolumeHeader } from './types.js';

export interface VolumeDescription {
  path: string;
  format: VolumeHeader['format'];
  shape: VolumeHeader['shape'];
  dtype: VolumeHeader['dtype'];
  /** µm; null where the file does not say. */
  voxelSize: { x: number | null; y: number | null; z: number | null };
  unit: 'µm';
  voxelSizeSource: VolumeHeader['voxelSizeSource'];
  compression: string;
  layout: string;
  bytes: number;
  dimensionOrder: string;
  /** The blur the file records (e.g. a sample's OME-XML); null when it records none. */
  sliceProfile: SliceProfile | null;
  /** What the reader worked around (e.g. damaged OME-XML read as plain pages); empty when nothing. */
  warnings: string[];
  /** One per channel (shape.c): the file's name and colour, else the defaults of channels.ts. */
  channels: ChannelDisplay[];
}

export function describeVolume(volume: VolumeHeader): VolumeDescription {
  return {
    path: volume.path,
    format: volume.format,
    shape: { ...volume.shape },
    dtype: volume.dtype,
    voxelSize: { ...volume.voxelSize },
    unit: 'µm',
    voxelSizeSource: volume.voxelSizeSource,
    compression: volume.compression,
    layout: volume.layout,
    bytes: volume.bytes,
    dimensionOrder: volume.dimensionOrder,
    sliceProfile: volume.sliceProfile ? { ...volume.sliceProfile } : null,
    warnings: [...(volume.warnings ?? [])],
    channels: channelsOf(volume),
  };
}
