/**
 * "Export PNG" of what the Compare view shows: the pane canvases side by side (one canvas in swipe
 * and difference modes) at their pixel size, saved through a temporary download link.
 *
 * @example
 *   await downloadPng([srCanvas, bicubicCanvas], 'isotrope-mip-z.png');
 */

/** One canvas holding the given canvases left to right (at their backing-store size). */
export function composeSideBySide(canvases: HTMLCanvasElement[], gap = 4): HTMLCanvasElement | null {
  if (canvases.length === 1) return canvases[0];
  const out = document.createElement('canvas');
  out.width = canvases.reduce((w, c) => w + c.width, 0) + gap * (canvases.length - 1);
  out.height = Math.max(...canvases.map((c) => c.height));
  const ctx = out.getContext('2d');
  if (!ctx) return null;
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, out.width, out.height);
  let x = 0;
  for (const c of canvases) { ctx.drawImage(c, x, 0); x += c.width + gap; }
  return out;
}

export function canvasBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    if (typeof canvas.toBlob !== 'function') { reject(new Error('this browser cannot encode a canvas as PNG')); return; }
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas could not be encoded as PNG'))), 'image/png');
  });
}

/** Saves the canvases (composed side by side) as a PNG download named `filename`. */
export async function downloadPng(canvases: HTMLCanvasElement[], filename: string): Promise<void> {
  const canvas = composeSideBySide(canvases);
  if (!canvas) throw new Error('no 2D canvas to export from');
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
