/**
 * "Export PNG" of the Compare view: the figure `isotrope compare` writes for the same run and
 * axis (app/image/comparison.ts: SR and BICUBIC side by side under the shared contrast, or the
 * RdBu difference, with the same scale bar and title band), drawn from the full-resolution MIPs, put on a canvas
 * and saved through a temporary download link. The canvas only encodes; every pixel comes from
 * app/image, so the UI's export and the CLI's figure are the same image.
 *
 * @example
 *   await exportComparisonPng(client, info, 'z', 'difference', 'isotrope-mip-z-difference.png');
 */
import type { EngineClient, MipAxis, MipInfoResult } from '../../../app/api/contract.js';
import type { Raster } from '../../../app/image/index.js';
import { rasterToRgba } from '../../../app/image/index.js';
import { comparisonFigure, exportTitle, type ExportFigure } from './export-figure.js';
import { readMipImage } from './mip-image.js';

/** A canvas holding the raster at its pixel size; null where the browser has no 2D canvas. */
export function rasterCanvas(raster: Raster): HTMLCanvasElement | null {
  const canvas = document.createElement('canvas');
  canvas.width = raster.width;
  canvas.height = raster.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.putImageData(new ImageData(rasterToRgba(raster), raster.width, raster.height), 0, 0);
  return canvas;
}

export function canvasBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    if (typeof canvas.toBlob !== 'function') {
      reject(new Error('this browser cannot encode a canvas as PNG'));
      return;
    }
    const encoded = (blob: Blob | null): void => {
      if (blob) resolve(blob);
      else reject(new Error('the canvas could not be encoded as PNG'));
    };
    canvas.toBlob(encoded, 'image/png');
  });
}

/** Saves the canvas as a PNG download named `filename`. */
export async function downloadPng(canvas: HTMLCanvasElement, filename: string): Promise<void> {
  const url = URL.createObjectURL(await canvasBlob(canvas));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke after the click has been handled, or some browsers cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Reads the run's full-resolution MIPs along `axis` (of one channel and time point, for a run of
 * several), renders `figure` and saves it as `filename`.
 */
export async function exportComparisonPng(
  client: Pick<EngineClient, 'call'>,
  info: MipInfoResult,
  axis: MipAxis,
  figure: ExportFigure,
  filename: string,
  plane?: { c?: number; t?: number },
): Promise<void> {
  const [sr, bicubic] = await Promise.all([
    readMipImage(client, info, 'sr', axis, { plane }),
    readMipImage(client, info, 'bicubic', axis, { plane }),
  ]);
  // The title band names the stack, model, channel and projection, as the CLI's figure does.
  const title = exportTitle(info, axis, plane);
  const canvas = rasterCanvas(comparisonFigure(sr, bicubic, info, axis, figure, title));
  if (!canvas) throw new Error('no 2D canvas to export from');
  await downloadPng(canvas, filename);
}
