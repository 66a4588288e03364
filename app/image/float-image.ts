/** A float32 image, row-major (`data[y * width + x]`): a MIP, a pyramid level, a tile. NaN = not computed yet. */
export interface FloatImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** A region of an image, half-open, in pixels. */
export interface Rect {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}
