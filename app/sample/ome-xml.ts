/** The OME-XML (2016-06 schema) ImageDescription of a single-channel uint16 z-stack. */

export interface OmeStack {
  name: string;
  description: string;
  size: { x: number; y: number; z: number };
  /** Voxel size in µm. */
  voxel: { x: number; y: number; z: number };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function omeXml(s: OmeStack): string {
  return '<?xml version="1.0" encoding="UTF-8"?>'
    + '<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"'
    + ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    + ' xsi:schemaLocation="http://www.openmicroscopy.org/Schemas/OME/2016-06'
    + ' http://www.openmicroscopy.org/Schemas/OME/2016-06/ome.xsd" Creator="isotrope">'
    + `<Image ID="Image:0" Name="${esc(s.name)}"><Description>${esc(s.description)}</Description>`
    + `<Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint16" SizeX="${s.size.x}" SizeY="${s.size.y}"`
    + ` SizeZ="${s.size.z}" SizeC="1" SizeT="1" PhysicalSizeX="${s.voxel.x}" PhysicalSizeXUnit="µm"`
    + ` PhysicalSizeY="${s.voxel.y}" PhysicalSizeYUnit="µm" PhysicalSizeZ="${s.voxel.z}" PhysicalSizeZUnit="µm">`
    + '<Channel ID="Channel:0:0" SamplesPerPixel="1"/>'
    + `<TiffData IFD="0" PlaneCount="${s.size.z}"/></Pixels></Image></OME>`;
}
