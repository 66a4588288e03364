/** The multi-channel 3D preview's set-up: channels packed per component, contrast and colour per channel. */
import { describe, expect, it } from 'vitest';
import { DataUtils } from 'three';
import { compositeUniforms, packChannels } from '../../../renderer/src/preview3d/composite-march.js';
import {
  COMPOSITE_CHANNELS,
  compositeMarchFragment,
} from '../../../renderer/src/preview3d/composite-march.glsl.js';

const back = (texels: Uint16Array) => [...texels].map((v) => DataUtils.fromHalfFloat(v));

describe('composite ray-march set-up', () => {
  it('packs channel k into component k, each normalised to its range, NaN and unused → 0', () => {
    const texels = packChannels([
      { samples: [0, 50, NaN], range: { lo: 0, hi: 100 } },
      { samples: [10, 20, 30], range: { lo: 10, hi: 30 } },
    ]);
    expect(texels).toHaveLength(3 * COMPOSITE_CHANNELS);
    expect(back(texels)).toEqual([0, 0, 0, 0, 0.5, 0.5, 0, 0, 0, 1, 0, 0]);
    // More than four channels: the first four only.
    const five = Array.from({ length: 5 }, (_, k) => ({ samples: [k + 1], range: { lo: 0, hi: 10 } }));
    expect(back(packChannels(five)).map((v) => Math.round(v * 10))).toEqual([1, 2, 3, 4]);
  });

  it("puts each channel's contrast in its texture units, and blacks out unused components", () => {
    const u = compositeUniforms(
      [
        { contrast: { lo: 25, hi: 75, gamma: 2 }, rgb: [0, 1, 1] },
        { contrast: { lo: 10, hi: 10, gamma: 2 }, rgb: [1, 0, 1] },
      ],
      [
        { lo: 0, hi: 100 },
        { lo: 10, hi: 30 },
      ],
    );
    expect(u.uLo).toEqual([0.25, 0, 0, 0]);
    expect(u.uHi[0]).toBe(0.75);
    expect(u.uHi[1]).toBeGreaterThan(0); // an empty range never divides by zero
    expect(u.uHi.slice(2)).toEqual([1, 1]);
    expect(u.uGamma).toBe(2);
    expect(u.uColors).toEqual([
      [0, 1, 1],
      [1, 0, 1],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('blends the per-channel MIPs additively in the shader, clipped at white', () => {
    expect(compositeMarchFragment).toContain('peak = max(peak, texture(uVolume, p))');
    expect(compositeMarchFragment).toContain(`uniform vec3 uColors[${COMPOSITE_CHANNELS}]`);
    expect(compositeMarchFragment).toContain('min(rgb, vec3(1.0))');
  });
});
