/**
 * The slice profile in OME-XML: an OME `MapAnnotation` (key-value pairs, schema 2015-01 and later)
 * in Isotrope's namespace, referenced from the Image by an `AnnotationRef`. Values follow OME's
 * own convention for physical quantities (PhysicalSizeX + PhysicalSizeXUnit): a number and its
 * unit as two keys, the unit µm by default. Bio-Formats, OMERO and tifffile keep map annotations
 * they do not understand, so the profile survives conversions that keep the metadata.
 *
 * @example
 *   <Image ID="Image:0">…<Pixels …/><AnnotationRef ID="Annotation:SliceProfile"/></Image>
 *   <StructuredAnnotations>
 *     <MapAnnotation ID="Annotation:SliceProfile" Namespace="isotrope/slice-profile">
 *       <Value><M K="AxialFWHM">2.2</M><M K="AxialFWHMUnit">µm</M>
 *         <M K="LateralFWHM">0.8</M><M K="LateralFWHMUnit">µm</M></Value>
 *     </MapAnnotation>
 *   </StructuredAnnotations>
 */
import type { SliceProfile } from '../types.js';
import { micrometresPer } from './units.js';

/** The MapAnnotation Namespace that marks the slice profile (readers ignore other namespaces). */
export const SLICE_PROFILE_NAMESPACE = 'isotrope/slice-profile';

/** The ID the writer gives the annotation (one per file, so a fixed ID suffices). */
export const SLICE_PROFILE_ANNOTATION_ID = 'Annotation:SliceProfile';

/** The FWHMs a file records, in µm; an axis left null is not written. */
export type RecordedSliceProfile = Omit<SliceProfile, 'source'>;

const KEYS = { axialFwhm: 'AxialFWHM', lateralFwhm: 'LateralFWHM' } as const;

/** The `<MapAnnotation>` element for StructuredAnnotations. */
export function sliceProfileMapAnnotation(profile: RecordedSliceProfile): string {
  const entries: string[] = [];
  for (const field of ['axialFwhm', 'lateralFwhm'] as const) {
    const value = profile[field];
    if (value === null) continue;
    entries.push(`<M K="${KEYS[field]}">${value}</M>`, `<M K="${KEYS[field]}Unit">µm</M>`);
  }
  return (
    `<MapAnnotation ID="${SLICE_PROFILE_ANNOTATION_ID}" Namespace="${SLICE_PROFILE_NAMESPACE}">` +
    `<Value>${entries.join('')}</Value></MapAnnotation>`
  );
}

/**
 * The profile from the key-value pairs of an annotation in our namespace; undefined when neither
 * FWHM is a positive number in a known length unit.
 */
export function sliceProfileFromEntries(entries: ReadonlyMap<string, string>): SliceProfile | undefined {
  const micrometres = (field: keyof typeof KEYS): number | null => {
    const value = Number.parseFloat(entries.get(KEYS[field]) ?? '');
    if (!(Number.isFinite(value) && value > 0)) return null;
    // Like OME's PhysicalSize*Unit, the unit defaults to µm.
    const perUnit = micrometresPer(entries.get(`${KEYS[field]}Unit`) ?? 'µm');
    return perUnit === undefined ? null : value * perUnit;
  };
  const axialFwhm = micrometres('axialFwhm');
  const lateralFwhm = micrometres('lateralFwhm');
  if (axialFwhm === null && lateralFwhm === null) return undefined;
  return { axialFwhm, lateralFwhm, source: 'ome-xml' };
}
