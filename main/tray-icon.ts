/**
 * The tray icon, drawn in code (a ring: an isotropic voxel seen end-on) so the app ships no
 * binary image for it. Pure: returns BGRA pixels for `nativeImage.createFromBitmap`.
 */

/** Teal on transparent: visible on light and dark panels alike. */
const COLOUR = { b: 0xb0, g: 0xb8, r: 0x2a };

/** size × size BGRA pixels of an anti-aliased ring (outer radius ~0.45 size, width ~0.14 size). */
export function trayIconBitmap(size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  const outer = size * 0.45;
  const inner = outer - size * 0.14;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const r = Math.hypot(x - centre, y - centre);
      // Coverage: 1 inside the ring, fading over one pixel at both edges.
      const coverage = Math.max(0, Math.min(1, outer - r + 0.5, r - inner + 0.5));
      const i = (y * size + x) * 4;
      pixels[i] = COLOUR.b;
      pixels[i + 1] = COLOUR.g;
      pixels[i + 2] = COLOUR.r;
      pixels[i + 3] = Math.round(coverage * 255);
    }
  }
  return pixels;
}
