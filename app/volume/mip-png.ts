/**
 * Projection PNGs live in app/image/projection-png.ts. Kept only for app/cli/info.ts (owned
 * elsewhere), whose import moves there; delete this file then.
 */
export { projectionPng, type ProjectionPngOptions } from '../image/node.js';
