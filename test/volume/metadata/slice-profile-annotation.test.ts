/**
 * The slice profile in OME-XML: written by the one OME-XML writer as a MapAnnotation the Image
 * references, read back by the reader, and ignored unless it is ours and referenced.
 */
import { describe, expect, it } from 'vitest';
import { parseOmeXml } from '../../../app/volume/metadata/ome-xml.js';
import { buildOmeXml, type OmeXmlImage } from '../../../app/volume/metadata/ome-xml-write.js';
import { SLICE_PROFILE_NAMESPACE } from '../../../app/volume/metadata/slice-profile-annotation.js';
import { escapeXml } from '../../../app/volume/metadata/xml-escape.js';

const image: OmeXmlImage = {
  width: 64, height: 48, planes: 16, dtype: 'uint16', voxelSize: { x: 0.411, y: 0.411, z: 1 },
};

/** A minimal OME-XML document around an Image's inner end and a StructuredAnnotations body. */
function document(imageTail: string, annotations: string): string {
  return '<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image ID="Image:0">'
    + '<Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint16" SizeX="4" SizeY="4" SizeZ="2" SizeC="1" SizeT="1">'
    + '<TiffData IFD="0" PlaneCount="2"/></Pixels>'
    + `${imageTail}</Image><StructuredAnnotations>${annotations}</StructuredAnnotations></OME>`;
}

describe('slice profile in OME-XML', () => {
  it('round-trips through the writer and the reader, with the annotation placed where the schema wants it', () => {
    const xml = buildOmeXml({ ...image, sliceProfile: { axialFwhm: 2.2, lateralFwhm: 0.8 } });
    const pixels = parseOmeXml(xml);
    expect(pixels.sliceProfile).toEqual({ axialFwhm: 2.2, lateralFwhm: 0.8, source: 'ome-xml' });
    expect(pixels.physicalSize).toEqual({ x: 0.411, y: 0.411, z: 1 });
    // Image: …Pixels, then AnnotationRef; OME: Image, then StructuredAnnotations.
    expect(xml).toMatch(/<\/Pixels><AnnotationRef ID="([^"]+)"\/><\/Image><StructuredAnnotations><MapAnnotation ID="\1"/);
    expect(xml).toContain(`Namespace="${SLICE_PROFILE_NAMESPACE}"`);
    expect(xml).toContain('<M K="AxialFWHM">2.2</M><M K="AxialFWHMUnit">µm</M>');
  });

  it('writes only the axes it knows, and nothing without a profile', () => {
    expect(parseOmeXml(buildOmeXml({ ...image, sliceProfile: { axialFwhm: 3, lateralFwhm: null } })).sliceProfile)
      .toEqual({ axialFwhm: 3, lateralFwhm: null, source: 'ome-xml' });
    const plain = buildOmeXml(image);
    expect(plain).not.toContain('StructuredAnnotations');
    expect(parseOmeXml(plain).sliceProfile).toBeUndefined();
  });

  it('converts units like PhysicalSize*Unit (µm by default) and ignores values it cannot read', () => {
    const map = (entries: string): string =>
      `<MapAnnotation ID="Annotation:7" Namespace="${SLICE_PROFILE_NAMESPACE}"><Value>${entries}</Value></MapAnnotation>`;
    const ref = '<AnnotationRef ID="Annotation:7"/>';
    const read = (entries: string): unknown => parseOmeXml(document(ref, map(entries))).sliceProfile;
    expect(read('<M K="AxialFWHM">2200</M><M K="AxialFWHMUnit">nm</M><M K="LateralFWHM">0.5</M>'))
      .toEqual({ axialFwhm: 2.2, lateralFwhm: 0.5, source: 'ome-xml' });
    expect(read('<M K="AxialFWHM">2</M><M K="AxialFWHMUnit">pixel</M><M K="LateralFWHM">-1</M>')).toBeUndefined();
    expect(read('<M K="AxialFWHM">thick</M><M K="Other">1</M><M/>')).toBeUndefined();
  });

  it('reads only an annotation in its namespace that the image references', () => {
    const entries = '<Value><M K="AxialFWHM">2.2</M></Value>';
    const ours = `<MapAnnotation ID="Annotation:1" Namespace="${SLICE_PROFILE_NAMESPACE}">${entries}</MapAnnotation>`;
    const theirs = `<MapAnnotation ID="Annotation:2" Namespace="example.org/other">${entries}</MapAnnotation>`;
    expect(parseOmeXml(document('', ours)).sliceProfile).toBeUndefined();
    expect(parseOmeXml(document('<AnnotationRef ID="Annotation:2"/>', ours + theirs)).sliceProfile).toBeUndefined();
    expect(parseOmeXml(document('<AnnotationRef ID="Annotation:2"/><AnnotationRef ID="Annotation:1"/>', theirs + ours))
      .sliceProfile).toEqual({ axialFwhm: 2.2, lateralFwhm: null, source: 'ome-xml' });
  });

  it('escapes names and descriptions with the one escaper', () => {
    expect(escapeXml(`a < b & "c" 'd' > e`)).toBe('a &lt; b &amp; &quot;c&quot; &apos;d&apos; &gt; e');
    const xml = buildOmeXml({ ...image, name: 'x "&" <y>', description: 'see <sample.json> & "notes"' });
    expect(xml).toContain('Name="x &quot;&amp;&quot; &lt;y&gt;"');
    expect(xml).toContain('<Description>see &lt;sample.json&gt; &amp; &quot;notes&quot;</Description>');
    expect(parseOmeXml(xml).sizeZ).toBe(16);
  });
});
