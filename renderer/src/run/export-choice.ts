/**
 * The export formats as the UI offers them: the engine's list (EXPORT_FORMATS, the same
 * values as `isotrope export --format`), each with a label saying who reads it and the file
 * suffix its default output gets.
 */
import { EXPORT_FORMATS, type ExportFormat } from '../../../app/api/contract.js';

export interface ExportChoice {
  format: ExportFormat;
  label: string;
  suffix: string;
}

const CHOICES: Record<ExportFormat, Omit<ExportChoice, 'format'>> = {
  'ome-tiff': { label: 'OME-TIFF (Bio-Formats, Fiji, tifffile)', suffix: '.ome.tif' },
  tiff: { label: 'ImageJ TIFF (Fiji hyperstack)', suffix: '.tif' },
  zarr: { label: 'OME-Zarr, NGFF 0.5 (copy of the store)', suffix: '.ome.zarr' },
  'ome-zarr-v2': {
    label: 'OME-Zarr v2, NGFF 0.4 (MoBIE, ilastik, older Fiji / napari)',
    suffix: '.v2.ome.zarr',
  },
};

/** Every format the engine exports, in its order. */
export const EXPORT_CHOICES: ExportChoice[] = EXPORT_FORMATS.map((format) => ({
  format,
  ...CHOICES[format],
}));

/** The run folder's name without separators at the end (`/data/brain-run/` → `brain-run`). */
function runName(runDir: string): string {
  return runDir.replace(/[\\/]+$/, '').replace(/^.*[\\/]/, '');
}

/**
 * The default output of a run's export in `folder` (by default beside the run).
 * @example exportPath('/data/brain-run', 'ome-zarr-v2') // '/data/brain-run.v2.ome.zarr'
 */
export function exportPath(runDir: string, format: ExportFormat, folder?: string): string {
  const trimmed = runDir.replace(/[\\/]+$/, '');
  const parent = folder ?? trimmed.slice(0, trimmed.length - runName(trimmed).length).replace(/[\\/]+$/, '');
  return `${parent}/${runName(trimmed)}${CHOICES[format].suffix}`;
}
