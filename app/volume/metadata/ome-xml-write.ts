/**
 * OME-XML for the OME-TIFFs we write: one image, one channel, planes in XYZCT order, one
 * IFD per plane from IFD 0 (a single TiffData), physical sizes in µm. This is what
 * Bio-Formats (Fiji, napari-aicsimageio), tifffile and our own reader need to see a z-stack
 * with its voxel size.
 */
import type { DType } from '../types.js';

export interface OmeXmlImage {
  width: number;
  height: number;
  planes: number;
  dtype: DType;
  /** µm per voxel; an axis left null is omitted. */
  voxelSize: { x: number | null; y: number | null; z: number | null };
  name?: string;
  creator?: string;
}

const OME_TYPE: Record<DType, string> = {
  uint8: 'uint8', int8: 'int8', uint16: 'uint16', int16: 'int16', uint32: 'uint32', int32: 'int32', float32: 'float', float64: 'double',
};

/** The ImageDescription of IFD 0. @example buildOmeXml({ width: 512, height: 512, planes: 100, dtype: 'uint16', voxelSize }) */
export function buildOmeXml(image: OmeXmlImage): string {
  const { width, height, planes, dtype, voxelSize } = image;
  const size = (axis: 'X' | 'Y' | 'Z', v: number | null): string =>
    (v === null ? '' : ` PhysicalSize${axis}="${v}" PhysicalSize${axis}Unit="µm"`);
  return '<?xml version="1.0" encoding="UTF-8"?>\n'
    + '<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06" '
    + 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    + 'xsi:schemaLocation="http://www.openmicroscopy.org/Schemas/OME/2016-06 http://www.openmicroscopy.org/Schemas/OME/2016-06/ome.xsd"'
    + `${image.creator ? ` Creator="${escapeXml(image.creator)}"` : ''}>`
    + `<Image ID="Image:0"${image.name ? ` Name="${escapeXml(image.name)}"` : ''}>`
    + `<Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="${OME_TYPE[dtype]}" BigEndian="false" Interleaved="false" `
    + `SignificantBits="${bitsOf(dtype)}" SizeX="${width}" SizeY="${height}" SizeZ="${planes}" SizeC="1" SizeT="1"`
    + `${size('X', voxelSize.x)}${size('Y', voxelSize.y)}${size('Z', voxelSize.z)}>`
    + '<Channel ID="Channel:0:0" SamplesPerPixel="1"><LightPath/></Channel>'
    + `<TiffData IFD="0" PlaneCount="${planes}"/>`
    + '</Pixels></Image></OME>';
}

function bitsOf(dtype: DType): number {
  return { uint8: 8, int8: 8, uint16: 16, int16: 16, uint32: 32, int32: 32, float32: 32, float64: 64 }[dtype];
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}
