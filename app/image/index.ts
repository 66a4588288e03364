/**
 * Image code every layer shares, importing nothing else from app/ but app/math: percentiles, the
 * contrast rule, colour maps, channel composites, rasters and their bitmap font, the scale bar, MIP pyramids and the
 * one SR-versus-bicubic comparison renderer. Browser-safe: the renderer bundle imports these.
 * The node-only PNG encoders are listed in ./node.ts.
 */
export { drawText, GLYPH_HEIGHT, GLYPH_WIDTH, textWidth } from './bitmap-font.js';
export {
  DIFFERENCE_STOPS,
  differenceColour,
  differenceIndex,
  differenceTable,
  MAGNITUDE_STOPS,
  magnitudeColour,
  magnitudeTable,
  NOT_COMPUTED,
  tableFromStops,
  type Rgb,
  type Stop,
} from './colormap.js';
export { magnitudeBarBand, stackRasters } from './figure-labels.js';
export { compositeRaster, compositeRgba, type CompositeLayer } from './composite.js';
export {
  renderCompositeFigure,
  type CompositeFigure,
  type CompositeFigureOptions,
} from './composite-figure.js';
export { panelGap, renderComparison, type Comparison, type ComparisonOptions } from './comparison.js';
export {
  DIFFERENCE_PERCENTILE,
  differenceHalfRange,
  DISPLAY_PERCENTILES,
  sharedRange,
  type DisplayRange,
} from './contrast.js';
export type { FloatImage, Rect } from './float-image.js';
export { figureTitle, mipPixels, type FigureSubject, type MipAxis, type MipPixels } from './mip-frame.js';
export { differencePanel, grayLevel, grayPanel, rowBlend, sourceRow, type RowStretch } from './panels.js';
export { labelPanel, textBox, type PanelLabels } from './panel-labels.js';
export { percentile, PERCENTILE_SAMPLE, percentileOfSorted, percentiles } from './percentile.js';
export {
  cropImage,
  halveMax,
  halveMaxInto,
  levelFactor,
  levelSize,
  MIP_TILE_SIZE,
  pyramidOf,
  tileCount,
} from './pyramid.js';
export { blit, boxesOverlap, createRaster, fillRect, type PixelBox, type Raster } from './raster.js';
export { rasterToRgba } from './rgba.js';
export {
  drawScaleBar,
  FIGURE_BAR_FRACTION,
  figureScaleBar,
  formatLength,
  niceLength,
  scaleBar,
  scaleBarOf,
  textScale,
  type ScaleBar,
} from './scale-bar.js';
