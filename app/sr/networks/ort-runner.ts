/**
 * A network as an onnxruntime session (in its worker thread): the inference graph with the
 * weights baked in, every dimension dynamic, so one session serves every tile and batch.
 */
import { OrtSession, type OrtSessionOptions } from '../../compute/index.js';
import { margin, type NetworkConfig } from './architecture.js';
import type { WeightMap } from './init.js';
import { inferenceModel } from './onnx/network-graph.js';
import type { NetworkRunner } from './runner.js';

export async function createOrtRunner(
  config: NetworkConfig,
  weights: WeightMap,
  options: OrtSessionOptions,
): Promise<NetworkRunner> {
  const session = await OrtSession.create(inferenceModel(config, weights), options);
  const networkMargin = margin(config);
  return {
    config,
    margin: networkMargin,
    async run(input, n, h, w) {
      const { y } = await session.run({ x: { data: input, dims: [n, 1, h, w] } });
      return y.data;
    },
    dispose: () => session.release(),
  };
}
