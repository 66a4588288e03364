/**
 * OME-XML (the ImageDescription of IFD 0 of an OME-TIFF): image size, pixel type,
 * dimension order, physical voxel size in µm, and which file/IFD holds each plane
 * (TiffData elements, including multi-file sets named by UUID FileName), the channels' names and
 * colours, and the slice profile when the Image references one (see slice-profile-annotation.ts).
 */
import { XMLParser } from 'fast-xml-parser';
import { channelName } from '../channels.js';
import type { ChannelInfo, SliceProfile } from '../types.js';
import { SLICE_PROFILE_NAMESPACE, sliceProfileFromEntries } from './slice-profile-annotation.js';
import { micrometresPer } from './units.js';

export interface OmeTiffData {
  /** File holding these planes (relative to the described file's folder), or undefined = this file. */
  fileName?: string;
  ifd: number;
  /** Planes covered: consecutive IFDs from `ifd`, consecutive planes from (firstZ, firstC, firstT) in dimension order. */
  planeCount?: number;
  firstZ: number;
  firstC: number;
  firstT: number;
}

export interface OmePixels {
  sizeX: number;
  sizeY: number;
  sizeZ: number;
  sizeC: number;
  sizeT: number;
  type: string;
  dimensionOrder: string;
  physicalSize: { x?: number; y?: number; z?: number };
  tiffData: OmeTiffData[];
  imageCount: number;
  /**
   * What each Channel element says, in document order (channel k is the k-th element; not padded
   * or cut to sizeC: the reader fits it to the stack once the planes are known).
   */
  channels: ChannelInfo[];
  /** The first Image's slice profile, when it references one in Isotrope's namespace. */
  sliceProfile?: SliceProfile;
}

export function isOmeXml(text: string | undefined): text is string {
  return text !== undefined && /<OME[\s>]/.test(text);
}

type Node = Record<string, unknown>;

const ARRAYS = new Set(['Image', 'TiffData', 'Channel', 'Plane', 'AnnotationRef', 'MapAnnotation', 'M']);

/** Parses the first Image's Pixels element; throws a plain Error with the reason when it cannot. */
export function parseOmeXml(text: string): OmePixels {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    // Values stay text: map-annotation values are parsed by whoever knows their keys.
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name) => ARRAYS.has(name),
  });
  const doc = parser.parse(text) as Node;
  const ome = doc.OME as Node | undefined;
  const images = (ome?.Image as Node[] | undefined) ?? [];
  const pixels = images[0]?.Pixels as Node | undefined;
  if (!pixels) throw new Error('OME-XML has no Image/Pixels element');
  const int = (key: string, fallback?: number): number => {
    const v = Number.parseInt(String(pixels[key] ?? ''), 10);
    if (Number.isFinite(v)) return v;
    if (fallback !== undefined) return fallback;
    throw new Error(`OME-XML Pixels lacks ${key}`);
  };
  const size = (axis: 'X' | 'Y' | 'Z'): number | undefined => {
    const v = Number.parseFloat(String(pixels[`PhysicalSize${axis}`] ?? ''));
    if (!Number.isFinite(v) || v <= 0) return undefined;
    const per = micrometresPer(String(pixels[`PhysicalSize${axis}Unit`] ?? 'µm')); // OME's default unit is µm
    return per === undefined ? undefined : v * per;
  };
  const tiffData = ((pixels.TiffData as Node[] | undefined) ?? []).map((td): OmeTiffData => {
    const n = (key: string): number | undefined => {
      const v = Number.parseInt(String(td[key] ?? ''), 10);
      return Number.isFinite(v) ? v : undefined;
    };
    const uuid = td.UUID as Node | string | undefined;
    const fileName =
      typeof uuid === 'object' && uuid !== null ? (uuid.FileName as string | undefined) : undefined;
    const hasIfd = td.IFD !== undefined;
    return {
      fileName,
      ifd: n('IFD') ?? 0,
      firstZ: n('FirstZ') ?? 0,
      firstC: n('FirstC') ?? 0,
      firstT: n('FirstT') ?? 0,
      // OME schema: PlaneCount defaults to 1 when IFD is given, else to all planes.
      planeCount: n('PlaneCount') ?? (hasIfd ? 1 : undefined),
    };
  });
  const dimensionOrder = String(pixels.DimensionOrder ?? 'XYZCT');
  if (!/^XY[ZCT]{3}$/.test(dimensionOrder) || new Set(dimensionOrder).size !== 5)
    throw new Error(`bad DimensionOrder "${dimensionOrder}"`);
  return {
    sizeX: int('SizeX'),
    sizeY: int('SizeY'),
    sizeZ: int('SizeZ', 1),
    sizeC: int('SizeC', 1),
    sizeT: int('SizeT', 1),
    type: String(pixels.Type ?? ''),
    dimensionOrder,
    physicalSize: { x: size('X'), y: size('Y'), z: size('Z') },
    tiffData,
    imageCount: images.length,
    channels: ((pixels.Channel as unknown[] | undefined) ?? []).map(channelOf),
    sliceProfile: sliceProfileOf(images[0], ome?.StructuredAnnotations as Node | undefined),
  };
}

/** A Channel element's name and colour; anything malformed reads as not given. */
function channelOf(channel: unknown): ChannelInfo {
  // `<Channel>text</Channel>` parses to a string, which holds no attributes.
  if (typeof channel !== 'object' || channel === null) return { name: null, color: null };
  const attributes = channel as Node;
  return {
    name: typeof attributes.Name === 'string' ? channelName(attributes.Name) : null,
    color: typeof attributes.Color === 'string' ? omeColorToHex(attributes.Color) : null,
  };
}

/**
 * OME's Color (xsd:int, a signed 32-bit RGBA integer: -16776961 is opaque red) as RRGGBB; null
 * when it is no 32-bit integer. Unsigned spellings (4278190335) are taken too: some writers use them.
 * @example omeColorToHex('-16711681') // "FF00FF"
 */
export function omeColorToHex(text: string): string | null {
  if (!/^\s*[+-]?\d{1,10}\s*$/.test(text)) return null;
  const value = Number.parseInt(text, 10);
  if (value < -(2 ** 31) || value >= 2 ** 32) return null;
  const rgba = value >>> 0;
  return (rgba >>> 8).toString(16).toUpperCase().padStart(6, '0');
}

/** The slice profile of `image`: a MapAnnotation in our namespace that the image references. */
function sliceProfileOf(image: Node, annotations: Node | undefined): SliceProfile | undefined {
  const references = (image.AnnotationRef as Node[] | undefined) ?? [];
  const referenced = new Set(references.map((ref) => String(ref.ID)));
  const maps = (annotations?.MapAnnotation as Node[] | undefined) ?? [];
  const map = maps.find(
    (candidate) => candidate.Namespace === SLICE_PROFILE_NAMESPACE && referenced.has(String(candidate.ID)),
  );
  if (!map) return undefined;
  const pairs = ((map.Value as Node | undefined)?.M as (Node | string)[] | undefined) ?? [];
  const entries = new Map<string, string>();
  for (const pair of pairs) {
    // An <M K="…"/> with no text parses to a bare attribute object; one without K is no pair.
    if (typeof pair !== 'object' || pair.K === undefined) continue;
    entries.set(String(pair.K), String(pair['#text'] ?? ''));
  }
  return sliceProfileFromEntries(entries);
}

/** Linear plane index of (z, c, t) in an OME dimension order such as "XYZCT". */
export function omePlaneIndex(
  order: string,
  sizes: { z: number; c: number; t: number },
  z: number,
  c: number,
  t: number,
): number {
  const coord: Record<string, number> = { Z: z, C: c, T: t };
  const size: Record<string, number> = { Z: sizes.z, C: sizes.c, T: sizes.t };
  const [a, b, d] = [order[2], order[3], order[4]];
  return coord[a] + size[a] * (coord[b] + size[b] * coord[d]);
}
