/**
 * WebGPU through Dawn (the `webgpu` npm package): Vulkan / Metal / D3D12 where a GPU exists,
 * no CUDA needed. On a CPU-only Linux box Dawn still finds Mesa's llvmpipe through OpenGL ES
 * (EGL_PLATFORM=surfaceless, featureLevel 'compatibility'): correct, but 6–12× slower than
 * wasm, so the adapter is reported as `slower` and automatic selection skips it.
 *
 * tfjs-backend-webgpu's own factory asks for an adapter without a feature level (null on
 * llvmpipe), so we replace it with one that tries the native backend first, then OpenGL ES
 * in compatibility mode. `navigator.gpu` must exist before the backend module is required.
 */
import { tf, requireFromEngine } from '../tf.js';
import { ComputeError, describeError } from '../errors.js';
import type { ActiveBackend, SetUpOptions } from './types.js';

interface DawnModule {
  create(options: string[]): GPU;
  globals: object;
}
interface WebGpuModule {
  WebGPUBackend: new (device: GPUDevice, info?: GPUAdapterInfo) => object;
}

const SOFTWARE = /llvmpipe|lavapipe|softpipe|swiftshader|software|basic render driver/i;

/** True for adapters that rasterise on the CPU (llvmpipe, lavapipe, SwiftShader, WARP). */
export function isSoftwareAdapter(info: Partial<GPUAdapterInfo>, isFallback = false): boolean {
  return (
    isFallback ||
    SOFTWARE.test(
      `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.device ?? ''} ${info.description ?? ''}`,
    )
  );
}

/** "device (description)" from adapter info, whichever parts the driver fills in. */
export function describeAdapter(info: Partial<GPUAdapterInfo>): string {
  const parts = [info.vendor, info.architecture, info.device].filter((s) => s);
  const main = parts.join(' ') || 'unknown adapter';
  return info.description ? `${main} (${info.description})` : main;
}

async function findAdapter(dawn: DawnModule): Promise<{ gpu: GPU; adapter: GPUAdapter }> {
  // Native first (Vulkan/Metal/D3D12, core features), then Mesa through OpenGL ES.
  const attempts: Array<[string[], GPURequestAdapterOptions]> = [
    [[], { powerPreference: 'high-performance' }],
    [['backend=opengles'], { featureLevel: 'compatibility' } as GPURequestAdapterOptions],
  ];
  for (const [flags, options] of attempts) {
    const gpu = dawn.create(flags);
    const adapter = await gpu.requestAdapter(options);
    if (adapter) return { gpu, adapter };
  }
  throw new ComputeError(
    'unavailable',
    'Dawn found no adapter (no Vulkan/Metal/D3D12 driver, no OpenGL ES)',
    { backend: 'webgpu' },
  );
}

export async function setUpWebgpu(_options: SetUpOptions = {}): Promise<ActiveBackend> {
  process.env.EGL_PLATFORM ??= 'surfaceless';
  let dawn: DawnModule;
  try {
    dawn = (await import('webgpu')) as unknown as DawnModule;
  } catch (e) {
    throw new ComputeError('unavailable', `package webgpu not loadable: ${describeError(e)}`, {
      backend: 'webgpu',
      cause: e,
    });
  }
  Object.assign(globalThis, dawn.globals);
  const { gpu, adapter } = await findAdapter(dawn);
  const nav = (globalThis as { navigator?: object }).navigator ?? {};
  Object.defineProperty(globalThis, 'navigator', {
    value: Object.assign(nav, { gpu }),
    configurable: true,
    writable: true,
  });
  const mod = requireFromEngine('@tensorflow/tfjs-backend-webgpu') as WebGpuModule;

  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    requiredFeatures: adapter.features.has('timestamp-query') ? ['timestamp-query'] : [],
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    },
  });
  const info = adapter.info;
  // Not tf.findBackend: it would initialise the stock factory, which fails on llvmpipe.
  if (tf.engine().registryFactory['webgpu']) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new mod.WebGPUBackend(device, info) as never, 3);
  // tfjs-webgpu runs small convs (≤ 8 output blocks of 32×32) through im2col + matmul, whose
  // summation order differs from the Conv2DMM shader used for big ones: a 34-px tile then
  // differs from the whole plane in the last bits. Threshold 0 keeps every conv on Conv2DMM,
  // so tiled output stays bit-identical to whole-plane output (see tiled-equivalence tests).
  tf.env().set('WEBGPU_THRESHOLD_TO_INCREASE_WORKGROUPS_FOR_MATMUL', 0);
  if (!(await tf.setBackend('webgpu'))) {
    device.destroy();
    throw new ComputeError('setup-failed', 'tf.setBackend failed', { backend: 'webgpu' });
  }
  let disposed = false;
  return {
    name: 'webgpu',
    engine: 'tfjs',
    threads: 1,
    device: describeAdapter(info),
    ...(isSoftwareAdapter(info, (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter)
      ? { slower: `only a software rasteriser (${describeAdapter(info)}), slower than the CPU engines` }
      : {}),
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      if (tf.getBackend() === 'webgpu') await tf.setBackend('cpu');
      tf.removeBackend('webgpu');
      device.destroy();
    },
  };
}
