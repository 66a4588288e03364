/**
 * The math floor: seeded randomness, Gaussian blur, reflect indexing and axis lines. Imports nothing.
 */
export { axisLines, type AxisLines, type Dims3 } from './axis-lines.js';
export { blurAxis, fwhmToSigma } from './gaussian.js';
export { hashSeed, mulberry32, type Rng } from './random.js';
export { reflectIndex } from './reflect-index.js';
