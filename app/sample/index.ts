/**
 * The bundled sample's public list: generating a sample, and the cached default one.
 */
export {
  ensureDefaultSample,
  generateSample,
  parseSize,
  resolveSampleParameters,
  TWO_SAMPLE_CHANNELS,
  type SampleFiles,
  type SampleOptions,
} from './generate.js';
