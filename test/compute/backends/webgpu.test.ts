// WebGPU through Dawn: on a CPU-only box this is Mesa llvmpipe; skipped (with the reason) when Dawn cannot start.
import { describe, expect, test } from 'vitest';
import { tf, isSoftwareAdapter, describeAdapter, type Tensor4D } from '../../../app/compute/index.js';
import { backendFixture } from '../backend-fixture.js';

describe('webgpu backend', () => {
  const cpu = backendFixture('cpu');
  const gpu = backendFixture('webgpu');

  test('a 3x3 conv matches the cpu backend', async (ctx) => {
    await cpu.use();
    const x = tf.randomNormal([2, 23, 17, 5], 0, 1, 'float32', 7);
    const w = tf.randomNormal([3, 3, 5, 6], 0, 1, 'float32', 8);
    const xs = await x.data();
    const ws = await w.data();
    const ref = await tf.conv2d(x as Tensor4D, w as Tensor4D, 1, 'valid').data();
    tf.dispose([x, w]);
    const active = await gpu.use();
    if (!active) return ctx.skip(gpu.why);
    const y = tf.conv2d(tf.tensor4d(xs, [2, 23, 17, 5]), tf.tensor4d(ws, [3, 3, 5, 6]), 1, 'valid');
    const got = await y.data();
    let err = 0;
    for (let i = 0; i < ref.length; i++)
      err = Math.max(err, Math.abs(got[i]! - ref[i]!) / (1 + Math.abs(ref[i]!)));
    expect(err).toBeLessThan(1e-4);
    expect(active.device.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('adapter description', () => {
  test('software rasterisers are recognised', () => {
    expect(
      isSoftwareAdapter({ device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'OpenGL ES 3.2 Mesa' }),
    ).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'google', architecture: 'swiftshader' })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', device: 'NVIDIA H100 80GB HBM3' })).toBe(false);
    expect(isSoftwareAdapter({ vendor: 'nvidia' }, true)).toBe(true);
    expect(describeAdapter({ vendor: 'nvidia', device: 'H100', description: 'Vulkan' })).toBe(
      'nvidia H100 (Vulkan)',
    );
  });
});
