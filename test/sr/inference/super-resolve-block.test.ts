/**
 * The two-orientation network pass: a zero-tail network returns the block bit for bit; a
 * random network's xz pass is the network on each xz plane (z on rows), 'both' is the mean of
 * the two orientations, and the result does not depend on the tile size.
 */
import { describe, expect, it } from 'vitest';
import { backendFixture } from '../../compute/backend-fixture.js';
import { superResolveBlock } from '../../../app/sr/inference/super-resolve-block.js';
import { createNetwork } from '../../../app/sr/networks/network.js';
import { initWeights } from '../../../app/sr/networks/init.js';
import { preset } from '../../../app/sr/networks/presets.js';
import { runWhole } from '../../../app/sr/tiled-inference.js';
import { isSrError } from '../../../app/sr/errors.js';

const dims = { x: 21, y: 17, z: 23 };
const block = Float32Array.from(
  { length: dims.x * dims.y * dims.z },
  (_, i) => 500 + 300 * Math.sin(i * 0.31) + (i % 13) * 20,
);
const normalisation = { kind: 'percentile' as const, lo: 100, hi: 1200 };
const config = preset('valid', 'tiny');

describe('superResolveBlock (wasm)', () => {
  const fixture = backendFixture('wasm');

  it('is the identity, bit for bit, with a zero-tail network', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const net = createNetwork(config, initWeights(config, { zeroTail: true }));
    for (const orientations of ['both', 'xz', 'yz'] as const) {
      const out = await superResolveBlock(block, dims, net, { normalisation, orientations, tile: 24 });
      expect(Buffer.from(out.buffer).equals(Buffer.from(block.buffer)), orientations).toBe(true);
    }
    net.dispose();
  });

  it('runs xz planes with z on rows, yz likewise, fuses by mean, independent of the tile', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const net = createNetwork(config, initWeights(config, { seed: 5, zeroTail: false }));
    const { x: X, y: Y, z: Z } = dims;
    const span = normalisation.hi - normalisation.lo;
    const n = block.map((v) => (v - normalisation.lo) / span);
    const expectXz = new Float32Array(block.length);
    for (let y = 0; y < Y; y++) {
      const plane = new Float32Array(X * Z);
      for (let z = 0; z < Z; z++) for (let x = 0; x < X; x++) plane[z * X + x] = n[(z * Y + y) * X + x];
      const out = (await runWhole({ width: X, height: Z, data: plane }, net)).data;
      for (let z = 0; z < Z; z++)
        for (let x = 0; x < X; x++) expectXz[(z * Y + y) * X + x] = out[z * X + x] * span + normalisation.lo;
    }
    const expectYz = new Float32Array(block.length);
    for (let x = 0; x < X; x++) {
      const plane = new Float32Array(Y * Z);
      for (let z = 0; z < Z; z++) for (let y = 0; y < Y; y++) plane[z * Y + y] = n[(z * Y + y) * X + x];
      const out = (await runWhole({ width: Y, height: Z, data: plane }, net)).data;
      for (let z = 0; z < Z; z++)
        for (let y = 0; y < Y; y++) expectYz[(z * Y + y) * X + x] = out[z * Y + y] * span + normalisation.lo;
    }
    const xz = await superResolveBlock(block, dims, net, { normalisation, orientations: 'xz', tile: 20 });
    const yz = await superResolveBlock(block, dims, net, { normalisation, orientations: 'yz', tile: 20 });
    const both = await superResolveBlock(block, dims, net, { normalisation, tile: 20 });
    const close = (a: Float32Array, b: Float32Array): number =>
      a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
    expect(close(xz, expectXz)).toBeLessThan(1e-3);
    expect(close(yz, expectYz)).toBeLessThan(1e-3);
    expect(
      close(
        both,
        xz.map((v, i) => (v + yz[i]) / 2),
      ),
    ).toBeLessThan(1e-3);
    expect(close(xz, block)).toBeGreaterThan(1); // the network did something
    for (const tile of [15, 33, 64]) {
      const t = await superResolveBlock(block, dims, net, { normalisation, tile, batch: 3 });
      expect(Buffer.from(t.buffer).equals(Buffer.from(both.buffer)), `tile ${tile}`).toBe(true);
    }
    net.dispose();
  });

  it('honours an abort signal and reports progress per plane', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const net = createNetwork(config, initWeights(config));
    const seen: number[] = [];
    await superResolveBlock(block, dims, net, { normalisation, onProgress: (d, t) => seen.push(d / t) });
    expect(seen.length).toBe(dims.x + dims.y);
    expect(seen.at(-1)).toBe(1);
    const ac = new AbortController();
    ac.abort();
    await expect(superResolveBlock(block, dims, net, { normalisation, signal: ac.signal })).rejects.toSatisfy(
      (e: unknown) => isSrError(e) && e.tag === 'aborted',
    );
    net.dispose();
  });
});
