/**
 * The slice profile in OME-XML: written by the one OME-XML writer as a MapAnnotation the Image
 * references, read back by the reader, and ignored unless it is ours and referenced.
 */
import { describe, expect, it } from 'vitest';
import { parseOmeXml } from '../../../app/volume/metadata/ome-xml.js';
import { buildOmeXml, type OmeXmlImage } from '../../../app/volume/metadata/ome-xml-write.js';
import {
  SLICE_PROFILE_ANNOTATION_ID,
  SLICE_PROFILE_NAMESPACE,
} from '../../../app/volume/metadata/slice-profile-annotation.js';
import { escapeXml } from '../../../app/volume/metadata/xml-escape.js';

const image: OmeXmlImage = {
  width: 64,
  height: 48,
  planes: 16,
  dtype: 'uint16',
  voxelSize: { x: 0.411, y: 0.411, z: 1 },
};

/** A minimal OME-XML document around an Image's inner end and a StructuredAnnotations body. */
function document(imageTail: string, annotations: string): string {
  return (
    '<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image ID="Image:0">' +
    '<Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint16"' +
    ' SizeX="4" SizeY="4" SizeZ="2" SizeC="1" SizeT="1">' +
    '<TiffData IFD="0" PlaneCount="2"/></Pixels>' +
    `${imageTail}</Image><StructuredAnnotations>${annotations}</StructuredAnnotations></OME>`
  );
}

describe('slice profile in OME-XML', () => {
  it('round-trips through writer and reader, the annotation placed where the schema wants it', () => {
    const xml = buildOmeXml({ ...image, sliceProfile: { axialFwhm: 2.2, lateralFwhm: 0.8 } });
    const pixels = parseOmeXml(xml);
    expect(pixels.sliceProfile).toEqual({ axialFwhm: 2.2, lateralFwhm: 0.8, source: 'ome-xml' });
    expect(pixels.physicalSize).toEqual({ x: 0.411, y: 0.411, z: 1 });
    // Image: …Pixels, then AnnotationRef; OME: Image, then StructuredAnnotations.
    const id = SLICE_PROFILE_ANNOTATION_ID;
    expect(xml).toContain(`</Pixels><AnnotationRef ID="${id}"/></Image>`);
    expect(xml).toContain(`</Image><StructuredAnnotations><MapAnnotation ID="${id}"`);
    expect(xml).toContain(`Namespace="${SLICE_PROFILE_NAMESPACE}"`);
    expect(xml).toContain('<M K="AxialFWHM">2.2</M><M K="AxialFWHMUnit">µm</M>');
  });

  it('writes only the axes it knows, and nothing without a profile', () => {
    const axialOnly = buildOmeXml({ ...image, sliceProfile: { axialFwhm: 3, lateralFwhm: null } });
    expect(parseOmeXml(axialOnly).sliceProfile).toEqual({
      axialFwhm: 3,
      lateralFwhm: null,
      source: 'ome-xml',
    });
    const plain = buildOmeXml(image);
    expect(plain).not.toContain('StructuredAnnotations');
    expect(parseOmeXml(plain).sliceProfile).toBeUndefined();
  });

  it('converts units like PhysicalSize*Unit (µm by default) and ignores values it cannot read', () => {
    const namespace = SLICE_PROFILE_NAMESPACE;
    const map = (entries: string): string =>
      `<MapAnnotation ID="Annotation:7" Namespace="${namespace}">` +
      `<Value>${entries}</Value></MapAnnotation>`;
    const ref = '<AnnotationRef ID="Annotation:7"/>';
    const read = (entries: string): unknown => parseOmeXml(document(ref, map(entries))).sliceProfile;
    expect(read('<M K="AxialFWHM">2200</M><M K="AxialFWHMUnit">nm</M><M K="LateralFWHM">0.5</M>')).toEqual({
      axialFwhm: 2.2,
      lateralFwhm: 0.5,
      source: 'ome-xml',
    });
    const unitless = '<M K="AxialFWHM">2</M><M K="AxialFWHMUnit">pixel</M><M K="LateralFWHM">-1</M>';
    expect(read(unitless)).toBeUndefined();
    expect(read('<M K="AxialFWHM">thick</M><M K="Other">1</M><M/>')).toBeUndefined();
  });

  it('reads only an annotation in its namespace that the image references', () => {
    const entries = '<Value><M K="AxialFWHM">2.2</M></Value>';
    const annotation = (id: string, namespace: string): string =>
      `<MapAnnotation ID="${id}" Namespace="${namespace}">${entries}</MapAnnotation>`;
    const ours = annotation('Annotation:1', SLICE_PROFILE_NAMESPACE);
    const theirs = annotation('Annotation:2', 'example.org/other');
    const refTheirs = '<AnnotationRef ID="Annotation:2"/>';
    expect(parseOmeXml(document('', ours)).sliceProfile).toBeUndefined();
    expect(parseOmeXml(document(refTheirs, ours + theirs)).sliceProfile).toBeUndefined();
    const refBoth = `${refTheirs}<AnnotationRef ID="Annotation:1"/>`;
    expect(parseOmeXml(document(refBoth, theirs + ours)).sliceProfile).toEqual({
      axialFwhm: 2.2,
      lateralFwhm: null,
      source: 'ome-xml',
    });
  });

  it('escapes names and descriptions with the one escaper', () => {
    expect(escapeXml(`a < b & "c" 'd' > e`)).toBe('a &lt; b &amp; &quot;c&quot; &apos;d&apos; &gt; e');
    const xml = buildOmeXml({ ...image, name: 'x "&" <y>', description: 'see <sample.json> & "notes"' });
    expect(xml).toContain('Name="x &quot;&amp;&quot; &lt;y&gt;"');
    expect(xml).toContain('<Description>see &lt;sample.json&gt; &amp; &quot;notes&quot;</Description>');
    expect(parseOmeXml(xml).sizeZ).toBe(16);
  });
});
