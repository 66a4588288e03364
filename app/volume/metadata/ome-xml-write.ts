/**
 * OME-XML for the OME-TIFFs we write (the exporters and the sample generator): one image, its
 * channels (named and coloured), planes in XYZCT order, one IFD per plane from IFD 0 (a single TiffData), physical
 * sizes in µm, and optionally a description and the slice profile (a MapAnnotation, see
 * slice-profile-annotation.ts). This is what Bio-Formats (Fiji, napari-aicsimageio), tifffile
 * and our own reader need to see a z-stack with its voxel size.
 */
import type { DType } from '../types.js';
import {
  SLICE_PROFILE_ANNOTATION_ID,
  sliceProfileMapAnnotation,
  type RecordedSliceProfile,
} from './slice-profile-annotation.js';
import { escapeXml } from './xml-escape.js';

export interface OmeXmlImage {
  width: number;
  height: number;
  /** z planes (SizeZ). */
  planes: number;
  /** One entry per channel (SizeC; default one unnamed channel); a null field is omitted. */
  channels?: { name?: string | null; color?: string | null }[];
  /** Time points (SizeT, default 1). */
  timepoints?: number;
  dtype: DType;
  /** µm per voxel; an axis left null is omitted. */
  voxelSize: { x: number | null; y: number | null; z: number | null };
  name?: string;
  creator?: string;
  /** The Image's free-text Description. */
  description?: string;
  /** The blur the voxels carry (µm), for readers that need the slice profile (training's default). */
  sliceProfile?: RecordedSliceProfile;
}

const OME_TYPE: Record<DType, string> = {
  uint8: 'uint8',
  int8: 'int8',
  uint16: 'uint16',
  int16: 'int16',
  uint32: 'uint32',
  int32: 'int32',
  float32: 'float',
  float64: 'double',
};

/** The ImageDescription of IFD 0. @example buildOmeXml({ width: 512, height: 512, planes: 100, dtype: 'uint16', voxelSize }) */
export function buildOmeXml(image: OmeXmlImage): string {
  const { width, height, planes, dtype, voxelSize } = image;
  const channels = image.channels ?? [{}];
  const timepoints = image.timepoints ?? 1;
  const size = (axis: 'X' | 'Y' | 'Z', v: number | null): string =>
    v === null ? '' : ` PhysicalSize${axis}="${v}" PhysicalSize${axis}Unit="µm"`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xsi:schemaLocation="http://www.openmicroscopy.org/Schemas/OME/2016-06 http://www.openmicroscopy.org/Schemas/OME/2016-06/ome.xsd"' +
    `${image.creator ? ` Creator="${escapeXml(image.creator)}"` : ''}>` +
    `<Image ID="Image:0"${image.name ? ` Name="${escapeXml(image.name)}"` : ''}>` +
    (image.description === undefined ? '' : `<Description>${escapeXml(image.description)}</Description>`) +
    `<Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="${OME_TYPE[dtype]}" BigEndian="false" Interleaved="false" ` +
    `SignificantBits="${bitsOf(dtype)}" SizeX="${width}" SizeY="${height}" SizeZ="${planes}" SizeC="${channels.length}" SizeT="${timepoints}"` +
    `${size('X', voxelSize.x)}${size('Y', voxelSize.y)}${size('Z', voxelSize.z)}>` +
    channels.map(channelXml).join('') +
    `<TiffData IFD="0" PlaneCount="${planes * channels.length * timepoints}"/>` +
    '</Pixels>' +
    // The schema puts an Image's AnnotationRefs after its Pixels, and StructuredAnnotations after the Images.
    (image.sliceProfile ? `<AnnotationRef ID="${SLICE_PROFILE_ANNOTATION_ID}"/>` : '') +
    '</Image>' +
    (image.sliceProfile
      ? `<StructuredAnnotations>${sliceProfileMapAnnotation(image.sliceProfile)}</StructuredAnnotations>`
      : '') +
    '</OME>'
  );
}

/** OME's Color is a signed 32-bit RGBA integer; ours are RRGGBB, written opaque. */
function channelXml(channel: { name?: string | null; color?: string | null }, k: number): string {
  const name = channel.name ? ` Name="${escapeXml(channel.name)}"` : '';
  const rgb = channel.color && /^[0-9a-fA-F]{6}$/.test(channel.color) ? parseInt(channel.color, 16) : null;
  const color = rgb === null ? '' : ` Color="${(rgb << 8) | 0xff | 0}"`;
  return `<Channel ID="Channel:0:${k}"${name}${color} SamplesPerPixel="1"><LightPath/></Channel>`;
}

function bitsOf(dtype: DType): number {
  return { uint8: 8, int8: 8, uint16: 16, int16: 16, uint32: 32, int32: 32, float32: 32, float64: 64 }[dtype];
}
