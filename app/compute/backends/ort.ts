/**
 * ONNX Runtime (onnxruntime-node) engines. The npm package bundles the cpu provider and a WebGPU
 * provider (Dawn; Vulkan on Linux); cuda comes from ORT's own post-install download and needs
 * CUDA 12 + cuDNN 9 on the machine. Set-up proves the provider works by running a one-node
 * graph in a session worker, so "available" means a session actually ran, not that a library
 * file exists.
 */
import { createRequire } from 'node:module';
import { ComputeError, describeError } from '../errors.js';
import { threadCount } from '../threads.js';
import { OnnxGraph } from '../onnx/graph.js';
import { OrtSession, type OrtProvider } from '../onnx/session.js';
import type { ActiveBackend, BackendName, SetUpOptions } from './types.js';

const require = createRequire(import.meta.url);

interface OrtModule {
  env: { versions?: { node?: string } };
  listSupportedBackends?: () => Array<{ name: string; bundled: boolean }>;
}

function probeModel(): Uint8Array {
  const g = new OnnxGraph();
  g.output(g.node('Relu', [g.input('x', [1, 1, 2, 2])]), [1, 1, 2, 2], 'y');
  return g.toModel();
}

function loadOrt(name: BackendName): OrtModule {
  try {
    return require('onnxruntime-node') as OrtModule;
  } catch (e) {
    // npm 10 removes this optional dependency when its CUDA download fails (package.json).
    const hint = 'to install it: ONNXRUNTIME_NODE_INSTALL=skip npm install';
    throw new ComputeError('unavailable', `onnxruntime-node not loadable (${hint}): ${describeError(e)}`, {
      backend: name,
      cause: e,
    });
  }
}

async function setUpOrt(
  name: BackendName,
  provider: OrtProvider,
  options: SetUpOptions,
): Promise<ActiveBackend> {
  const ort = loadOrt(name);
  const listed = ort.listSupportedBackends?.().find((b) => b.name === provider);
  if (ort.listSupportedBackends && !listed)
    throw new ComputeError('unavailable', `this onnxruntime-node build has no ${provider} provider`, {
      backend: name,
    });
  const threads = provider === 'cpu' ? threadCount(options) : 1;
  try {
    const probe = await OrtSession.create(probeModel(), { provider, threads: 1 });
    const { y } = await probe.run({ x: { data: Float32Array.of(-1, 2, -3, 4), dims: [1, 1, 2, 2] } });
    await probe.release();
    if (y?.data[1] !== 2 || y.data[0] !== 0) throw new Error('probe graph returned wrong values');
  } catch (e) {
    const why = describeError(e).replace(/^ort-\w+: /, '');
    throw new ComputeError(
      'unavailable',
      provider === 'cuda'
        ? `cuda provider would not start (needs ORT's CUDA download, CUDA 12 and cuDNN 9): ${why}`
        : why,
      { backend: name, cause: e },
    );
  }
  const version = ort.env.versions?.node ?? '';
  const device =
    provider === 'cpu'
      ? `CPU, onnxruntime ${version} cpu provider, ${threads} thread${threads > 1 ? 's' : ''}`
      : `GPU, onnxruntime ${version} ${provider} provider`;
  return { name, engine: 'ort', provider, threads, device, dispose: async () => {} };
}

export const setUpOrtCpu = (o: SetUpOptions = {}): Promise<ActiveBackend> => setUpOrt('ort-cpu', 'cpu', o);
export const setUpOrtCuda = (o: SetUpOptions = {}): Promise<ActiveBackend> => setUpOrt('ort-cuda', 'cuda', o);
export const setUpOrtWebgpu = (o: SetUpOptions = {}): Promise<ActiveBackend> =>
  setUpOrt('ort-webgpu', 'webgpu', o);
