/**
 * The orientations' disagreement beside the fused result: |xz − yz| / 2 of the single-orientation
 * results (to float32 rounding), asking for it leaves the fused result bit for bit, and a single
 * orientation or a zero-tail network gives none / zeros.
 */
import { describe, expect, it } from 'vitest';
import { backendFixture } from '../../compute/backend-fixture.js';
import { superResolveBlock, superResolveBlockParts } from '../../../app/sr/inference/super-resolve-block.js';
import { createNetwork } from '../../../app/sr/networks/network.js';
import { initWeights } from '../../../app/sr/networks/init.js';
import { preset } from '../../../app/sr/networks/presets.js';

const dims = { x: 19, y: 15, z: 21 };
const block = Float32Array.from(
  { length: dims.x * dims.y * dims.z },
  (_, i) => 500 + 300 * Math.sin(i * 0.37) + (i % 11) * 25,
);
const normalisation = { kind: 'percentile' as const, lo: 100, hi: 1200 };
const config = preset('valid', 'tiny');
const bytes = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('superResolveBlockParts disagreement (wasm)', () => {
  const fixture = backendFixture('wasm');

  it('is |xz − yz| / 2 and leaves the fused result unchanged', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const net = createNetwork(config, initWeights(config, { seed: 9, zeroTail: false }));
    const options = { normalisation, tile: 20 };
    const xz = await superResolveBlock(block, dims, net, { ...options, orientations: 'xz' });
    const yz = await superResolveBlock(block, dims, net, { ...options, orientations: 'yz' });
    const fused = await superResolveBlock(block, dims, net, options);
    const parts = await superResolveBlockParts(block, dims, net, { ...options, disagreement: true });
    expect(bytes(parts.sr).equals(bytes(fused))).toBe(true);
    const d = parts.disagreement!;
    let largest = 0;
    for (let i = 0; i < d.length; i++) {
      const expected = Math.abs(xz[i] - yz[i]) / 2;
      largest = Math.max(largest, expected);
      // Both sides carry float32 rounding of values ~1000: a few ulps of that.
      expect(Math.abs(d[i] - expected)).toBeLessThan(1e-3);
    }
    expect(largest).toBeGreaterThan(1);
    const single = await superResolveBlockParts(block, dims, net, {
      ...options,
      orientations: 'xz',
      disagreement: true,
    });
    expect(single.disagreement).toBeNull();
    expect(bytes(single.sr).equals(bytes(xz))).toBe(true);
    net.dispose();
    const identity = createNetwork(config, initWeights(config, { zeroTail: true }));
    const none = await superResolveBlockParts(block, dims, identity, { ...options, disagreement: true });
    expect(none.disagreement!.every((v) => v === 0)).toBe(true);
    identity.dispose();
  });
});
