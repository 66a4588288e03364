/** The compute layer's public surface: backend choice and the shared tfjs instance. */
export { ComputeError, isComputeError, type ComputeErrorTag } from './errors.js';
export { AUTO_ORDER, BACKENDS } from './registry.js';
export {
  listBackends,
  mayHaveGpu,
  resolveBackendName,
  selectBackend,
  type SelectedBackend,
  type SelectOptions,
} from './select.js';
export { tf, type Tensor, type Tensor4D, type Tf } from './tf.js';
export {
  BACKEND_NAMES,
  isBackendName,
  type ActiveBackend,
  type BackendName,
  type BackendSetUp,
} from './backends/types.js';
export { describeAdapter, isSoftwareAdapter } from './backends/webgpu.js';
export { OnnxGraph } from './onnx/graph.js';
export { OrtSession, type HostTensor, type OrtSessionOptions } from './onnx/session.js';
