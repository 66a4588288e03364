/**
 * The one TensorFlow.js instance of the engine. Every module takes `tf` from here so that all
 * backends register into the same engine.
 *
 * Why `createRequire`: the packages' Node entry points are CommonJS bundles whose re-exports
 * Node's ESM loader cannot see as named exports. Why the `@tensorflow/tfjs` umbrella and not
 * `@tensorflow/tfjs-core`: core's Node bundle registers no gradients; the umbrella (through
 * tfjs-layers) does, and training needs them on every backend.
 */
import { createRequire } from 'node:module';

export type Tf = typeof import('@tensorflow/tfjs');
export type { Tensor, Tensor4D, TensorInfo } from '@tensorflow/tfjs';

const require = createRequire(import.meta.url);

export const tf: Tf = require('@tensorflow/tfjs') as Tf;

/** `require` bound to this package, for backends that are CommonJS side-effect modules. */
export const requireFromEngine = require;
