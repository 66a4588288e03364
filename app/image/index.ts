/**
 * Image code every layer shares, importing nothing else from app/ but app/math: percentiles, the
 * contrast rule, colour maps, rasters and their bitmap font, the scale bar, MIP pyramids and the
 * one SR-versus-bicubic comparison renderer. Browser-safe: the renderer bundle imports these.
 * The node-only PNG encoders are listed in ./node.ts.
 */
export { percentile, percentiles, percentileOfSorted, PERCENTILE_SAMPLE } from './percentile.js';
export {
  DISPLAY_PERCENTILES, DIFFERENCE_PERCENTILE, sharedRange, differenceHalfRange, type DisplayRange,
} from './contrast.js';
export {
  tableFromStops, differenceTable, differenceIndex, differenceColour, DIFFERENCE_STOPS, NOT_COMPUTED,
  type Stop, type Rgb,
} from './colormap.js';
export { createRaster, fillRect, blit, type Raster } from './raster.js';
export { drawText, textWidth, GLYPH_HEIGHT, GLYPH_WIDTH } from './bitmap-font.js';
export {
  scaleBar, scaleBarOf, figureScaleBar, niceLength, formatLength, drawScaleBar, textScale, FIGURE_BAR_FRACTION,
  type ScaleBar,
} from './scale-bar.js';
export type { FloatImage, Rect } from './float-image.js';
export {
  MIP_TILE_SIZE, levelFactor, levelSize, tileCount, halveMax, halveMaxInto, pyramidOf, cropImage,
} from './pyramid.js';
export { mipPixels, type MipAxis, type MipPixels } from './mip-frame.js';
export { grayPanel, grayLevel, differencePanel, sourceRow } from './panels.js';
export { renderComparison, panelGap, type Comparison, type ComparisonOptions } from './comparison.js';
export { rasterToRgba } from './rgba.js';
