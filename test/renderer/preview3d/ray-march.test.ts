import { describe, expect, it } from 'vitest';
import { DataUtils } from 'three';
import {
  boxScale,
  lutTexels,
  marchUniforms,
  normalizeVolume,
  stepCount,
} from '../../../renderer/src/preview3d/ray-march.js';
import {
  MAX_STEPS,
  rayMarchFragment,
  rayMarchVertex,
} from '../../../renderer/src/preview3d/ray-march.glsl.js';
import { mipComposite } from '../../../renderer/src/preview3d/mip.glsl.js';
import { boxEdgeVertices, wholeBox } from '../../../renderer/src/preview3d/done-boxes.js';
import { lutTable } from '../../../renderer/src/lib/display.js';

describe('ray-march set-up', () => {
  it('scales the box by dims × voxel size, longest side 1', () => {
    expect(boxScale({ x: 200, y: 100, z: 50 }, { x: 1, y: 1, z: 4 })).toEqual([1, 0.5, 1]);
    expect(boxScale({ x: 256, y: 256, z: 64 }, { x: 0.8, y: 0.8, z: 0.8 })).toEqual([1, 1, 0.25]);
    expect(boxScale({ x: 0, y: 0, z: 0 }, { x: 1, y: 1, z: 1 })).toEqual([1, 1, 1]);
  });

  it('takes about two steps per voxel along the diagonal, within bounds', () => {
    expect(stepCount({ x: 100, y: 0, z: 0 })).toBe(200);
    expect(stepCount({ x: 64, y: 64, z: 64 })).toBe(Math.ceil(Math.sqrt(3) * 64 * 2));
    expect(stepCount({ x: 256, y: 256, z: 256 })).toBe(887);
    expect(stepCount({ x: 1000, y: 1000, z: 0 })).toBe(MAX_STEPS);
    expect(stepCount({ x: 4, y: 4, z: 4 })).toBe(32);
  });

  it('normalises the volume to half floats over the range, NaN → 0', () => {
    const h = normalizeVolume(new Float32Array([100, 300, 200, NaN, 500, -1e9]), { lo: 100, hi: 300 });
    const back = [...h].map((v) => DataUtils.fromHalfFloat(v));
    expect(back.slice(0, 5)).toEqual([0, 1, 0.5, 0, 2]);
    expect(back[5]).toBe(-65504); // clamped to the half range, not −∞
    expect(normalizeVolume([5, 5], { lo: 5, hi: 5 }).map((v) => DataUtils.fromHalfFloat(v))).toEqual(
      new Uint16Array([0, 0]),
    );
  });

  it('puts the display contrast into the texture units', () => {
    const u = marchUniforms(
      { dims: { x: 10, y: 0, z: 0 } },
      { lo: 100, hi: 300 },
      { lo: 150, hi: 250, gamma: 2 },
    );
    expect(u).toEqual({ uLo: 0.25, uHi: 0.75, uGamma: 2, uSteps: 32 });
    const flat = marchUniforms(
      { dims: { x: 1, y: 1, z: 1 } },
      { lo: 0, hi: 1 },
      { lo: 0.5, hi: 0.5, gamma: 0 },
    );
    expect(flat.uHi).toBeGreaterThan(flat.uLo);
    expect(flat.uGamma).toBe(1);
  });

  it('turns a LUT into RGBA texels', () => {
    const t = lutTexels(lutTable('fire'));
    const table = lutTable('fire');
    expect(t.length).toBe(1024);
    expect([...t.subarray(4 * 200, 4 * 201)]).toEqual([...table.subarray(600, 603), 255]);
  });
});

describe('ray-march shaders', () => {
  const fragment = rayMarchFragment(mipComposite);
  it('declares every uniform the set-up writes and the scene binds', () => {
    const declared = [...fragment.matchAll(/uniform\s+\w+\s+(\w+);/g)].map((m) => m[1]).sort();
    const written = Object.keys(
      marchUniforms({ dims: { x: 1, y: 1, z: 1 } }, { lo: 0, hi: 1 }, { lo: 0, hi: 1, gamma: 1 }),
    );
    expect(declared).toEqual([...written, 'uVolume', 'uLut', 'uCameraModel'].sort());
  });
  it('slots the MIP snippet in and bounds the loop by MAX_STEPS', () => {
    expect(fragment).toContain('compositeAccumulator = max(compositeAccumulator, value)');
    expect(fragment).toContain(`i < ${MAX_STEPS}`);
    expect(fragment).not.toContain('${');
    for (const f of ['compositeInit', 'compositeStep', 'compositeValue'])
      expect(mipComposite).toContain(`${f}(`);
    // Balanced braces: a quick syntax sanity check without a GLSL compiler.
    const count = (s: string, c: string) => s.split(c).length - 1;
    expect(count(fragment, '{')).toBe(count(fragment, '}'));
    expect(count(fragment, '(')).toBe(count(fragment, ')'));
    expect(rayMarchVertex).toContain('out vec3 vModelPosition');
    expect(fragment).toContain('in vec3 vModelPosition');
  });
});

describe('finished regions as line segments', () => {
  it('gives 12 edges per box in unit-box space', () => {
    const dims = { x: 10, y: 20, z: 40 };
    const v = boxEdgeVertices(
      [{ x: { start: 0, end: 5 }, y: { start: 0, end: 20 }, z: { start: 10, end: 20 } }],
      dims,
    );
    expect(v.length).toBe(12 * 2 * 3);
    const points = new Set<string>();
    for (let i = 0; i < v.length; i += 3) points.add(`${v[i]},${v[i + 1]},${v[i + 2]}`);
    expect([...points].sort()).toEqual(
      [
        '-0.5,-0.5,-0.25',
        '-0.5,-0.5,0',
        '-0.5,0.5,-0.25',
        '-0.5,0.5,0',
        '0,-0.5,-0.25',
        '0,-0.5,0',
        '0,0.5,-0.25',
        '0,0.5,0',
      ].sort(),
    );
    // Every edge is axis-aligned: its two ends differ in exactly one coordinate.
    for (let i = 0; i < v.length; i += 6) {
      const diffs = [0, 1, 2].filter((k) => v[i + k] !== v[i + 3 + k]);
      expect(diffs).toHaveLength(1);
    }
  });
  it('skips empty boxes and outlines the whole volume', () => {
    const dims = { x: 4, y: 4, z: 4 };
    expect(
      boxEdgeVertices([{ x: { start: 2, end: 2 }, y: { start: 0, end: 4 }, z: { start: 0, end: 4 } }], dims),
    ).toHaveLength(0);
    const all = boxEdgeVertices([wholeBox(dims), wholeBox(dims)], dims);
    expect(all.length).toBe(144);
    expect(Math.max(...all)).toBe(0.5);
    expect(Math.min(...all)).toBe(-0.5);
  });
});
