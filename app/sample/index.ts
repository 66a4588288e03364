/**
 * The bundled sample's public list: generating a sample, and the cached default one.
 */
export { ensureDefaultSample, generateSample, parseSize, type SampleFiles } from './generate.js';
