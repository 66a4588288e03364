/** Length units as written by OME-XML, ImageJ and TIFF, converted to micrometres. */

const MICROMETRES_PER: Record<string, number> = {
  m: 1e6,
  cm: 1e4,
  mm: 1e3,
  µm: 1,
  μm: 1,
  um: 1,
  micron: 1,
  microns: 1,
  micrometer: 1,
  micrometre: 1,
  nm: 1e-3,
  nanometer: 1e-3,
  pm: 1e-6,
  å: 1e-4,
  Å: 1e-4,
  angstrom: 1e-4,
  inch: 25400,
  in: 25400,
  // OME-NGFF spells units out (UDUNITS-2 names).
  meter: 1e6,
  centimeter: 1e4,
  millimeter: 1e3,
  picometer: 1e-6,
};

/** Micrometres per `unit`, or undefined for unknown or unitless ("pixel", "") units. */
export function micrometresPer(unit: string | undefined): number | undefined {
  if (unit === undefined) return undefined;
  const key = unit.trim();
  // ImageJ escapes µ as \u00B5 in descriptions.
  const normalised = key.replace(/\\u00B5/gi, 'µ');
  return MICROMETRES_PER[normalised] ?? MICROMETRES_PER[normalised.toLowerCase()];
}
