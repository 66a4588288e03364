/** The compute layer's public surface: backend choice and the shared tfjs instance. */
export { tf } from './tf.js';
export type { Tf, Tensor, Tensor4D } from './tf.js';
export { selectBackend } from './select.js';
export type { SelectOptions, SelectedBackend } from './select.js';
export { BACKENDS, AUTO_ORDER } from './registry.js';
export { BACKEND_NAMES, isBackendName } from './backends/types.js';
export type { BackendName, ActiveBackend, BackendSetUp } from './backends/types.js';
export { isSoftwareAdapter, describeAdapter } from './backends/webgpu.js';
export { ComputeError, isComputeError } from './errors.js';
export type { ComputeErrorTag } from './errors.js';
