/**
 * The Gaussian blur lives in app/math (the sample generator and the degradation model both use
 * it). Kept only for app/sample/generate.ts, whose import moves to app/math/gaussian.ts with the
 * sample-metadata change; delete this file then.
 */
export { blurAxis, fwhmToSigma, gaussianKernel } from '../../math/gaussian.js';
