/**
 * The export format, declared once: the CLI's `isotrope export --format`, the API's exportRun
 * argument (and so the UI's export choice) come from this field. Kept apart from export.ts, which
 * loads the writers: the contract (schemas.ts, bundled by the renderer) imports only this.
 */
import { z } from 'zod';
import { flags } from '../options/index.js';

/** The formats `exportVolume` writes. */
export const EXPORT_FORMATS = ['ome-tiff', 'tiff', 'zarr', 'ome-zarr-v2'] as const;

export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const ExportFormatOption = z
  .enum(EXPORT_FORMATS)
  .optional()
  .register(flags, {
    value: 'f',
    default: 'ome-tiff',
    help:
      'ome-tiff (Bio-Formats, tifffile; BigTIFF past 4 GB) | tiff (ImageJ/Fiji) | zarr (copy of the store) | ' +
      'ome-zarr-v2 (Zarr v2, NGFF 0.4: MoBIE, ilastik, older Fiji/napari)',
  });
