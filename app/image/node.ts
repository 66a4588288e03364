/** The node-only part of app/image: PNG encoding (node:zlib). Never imported by the renderer bundle. */
export { compareImages, rasterPng, type ComparisonPngs } from './comparison-png.js';
export { encodePng, type PngImage } from './png.js';
export { projectionPng, type ProjectionPngOptions } from './projection-png.js';
