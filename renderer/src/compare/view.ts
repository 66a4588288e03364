/**
 * Where a MIP sits on screen, as a pure value: a screen position of the image's top-left corner
 * and a zoom (screen px per full-resolution column). Rows are drawn `rowAspect` times taller than
 * columns so the y and x MIPs (z on rows) keep the true anatomical aspect. Kept apart from any
 * canvas so the synced side-by-side views, wheel zoom and fit are unit-tested.
 *
 * @example
 *   let v = fitView(frame, { width: 800, height: 600 });
 *   v = zoomAbout(v, 2, 400, 300, zoomLimits(frame, viewport));   // wheel at the viewport centre
 *   v = panBy(v, 10, -5);
 */

/** A MIP's full-resolution size and how much taller than wide one of its pixels is drawn. */
export interface ImageFrame {
  width: number;
  height: number;
  rowAspect: number;
}
export interface Viewport {
  width: number;
  height: number;
}
/** Screen px per full-res column (`scale`) and the screen position (x, y) of the image origin. */
export interface View {
  scale: number;
  x: number;
  y: number;
}
export interface ZoomLimits {
  min: number;
  max: number;
}

/** The view that shows the whole image centred in the viewport (double-click, first show). */
export function fitView(frame: ImageFrame, viewport: Viewport): View {
  const drawnHeight = frame.height * frame.rowAspect;
  const scale = Math.min(viewport.width / frame.width, viewport.height / drawnHeight);
  return {
    scale,
    x: (viewport.width - frame.width * scale) / 2,
    y: (viewport.height - drawnHeight * scale) / 2,
  };
}

/**
 * How far zoom may go: out to a quarter of the fitted size (the image never vanishes), in to 32
 * screen px per voxel along the more magnified axis (beyond that nothing new is seen).
 */
export function zoomLimits(frame: ImageFrame, viewport: Viewport): ZoomLimits {
  const fit = fitView(frame, viewport).scale;
  const max = 32 / Math.max(1, frame.rowAspect);
  return { min: Math.min(fit / 4, max), max: Math.max(max, fit) };
}

/** Zoom by `factor` keeping the image point under the screen point (px, py) where it is. */
export function zoomAbout(view: View, factor: number, px: number, py: number, limits: ZoomLimits): View {
  const scale = Math.min(limits.max, Math.max(limits.min, view.scale * factor));
  const k = scale / view.scale;
  return { scale, x: px - (px - view.x) * k, y: py - (py - view.y) * k };
}

export function panBy(view: View, dx: number, dy: number): View {
  return { scale: view.scale, x: view.x + dx, y: view.y + dy };
}

/** The full-resolution (column, row) under a screen point. */
export function screenToImage(
  view: View,
  frame: ImageFrame,
  sx: number,
  sy: number,
): { col: number; row: number } {
  return { col: (sx - view.x) / view.scale, row: (sy - view.y) / (view.scale * frame.rowAspect) };
}

/** The screen rectangle of a full-resolution image rectangle. */
export function imageRectToScreen(
  view: View,
  frame: ImageFrame,
  col: number,
  row: number,
  width: number,
  height: number,
): { x: number; y: number; width: number; height: number } {
  const rowScale = view.scale * frame.rowAspect;
  return {
    x: view.x + col * view.scale,
    y: view.y + row * rowScale,
    width: width * view.scale,
    height: height * rowScale,
  };
}

/** The wheel's zoom factor: one notch (deltaY 100) is ×1.25 in or out, smooth for trackpads. */
export function wheelFactor(deltaY: number, deltaMode = 0): number {
  const pixels = deltaMode === 1 ? deltaY * 33 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.pow(1.25, -pixels / 100);
}
