/**
 * A canvas's WebGL2 context for the 3D preview, or null where there is none (jsdom, a browser
 * with WebGL disabled, a blocklisted GPU). `preserveDrawingBuffer` keeps the last frame readable,
 * so tests and screenshots can read pixels back from a render-on-demand canvas.
 */
export function webgl2Context(canvas: HTMLCanvasElement): WebGL2RenderingContext | null {
  try {
    const gl = canvas.getContext('webgl2', { preserveDrawingBuffer: true, antialias: true, alpha: false });
    return gl instanceof Object && typeof (gl as WebGL2RenderingContext).texImage3D === 'function'
      ? (gl as WebGL2RenderingContext)
      : null;
  } catch {
    return null;
  }
}
