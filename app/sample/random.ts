/**
 * The seeded RNG lives in app/math (training draws from it too). Kept only for
 * app/sample/generate.ts, whose import moves to app/math/random.ts with the sample-metadata
 * change; delete this file then.
 */
export { hashSeed, mulberry32, type Rng } from '../math/random.js';
