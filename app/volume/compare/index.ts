/** SR-versus-bicubic comparison figures (PNG) with scale bars; `isotrope compare` renders a run's MIPs with these. */
export { compareImages, type CompareOptions, type ComparisonPngs } from './compare-images.js';
export { drawScaleBar, niceBarLength, type ScaleBar } from './scale-bar.js';
export { diverging } from './colormap.js';
export { drawText, textWidth, GLYPH_HEIGHT, GLYPH_WIDTH } from './bitmap-font.js';
export { createRaster, fillRect, blit, type Raster } from './raster.js';
