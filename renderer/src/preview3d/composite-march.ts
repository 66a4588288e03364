/**
 * The multi-channel 3D preview's set-up as pure functions: up to four channels' preview volumes
 * packed into one RGBA half-float texture (each normalised to its own range, NaN → 0), and the
 * uniforms of each channel's contrast (in its texture units) and colour. Unused components get
 * colour black, so they add nothing. No GL here, so it is tested in Node.
 *
 * @example
 *   const texels = packChannels([{ samples: vessels, range: r0 }, { samples: neurons, range: r1 }]);
 *   const uniforms = compositeUniforms(styles, [r0, r1]);
 */
import { DataUtils } from 'three';
import type { Contrast } from '../lib/display.js';
import { COMPOSITE_CHANNELS } from './composite-march.glsl.js';
import type { Range } from './ray-march.js';

export interface PackedChannel {
  samples: ArrayLike<number>;
  range: Range;
}

export interface ChannelStyle {
  contrast: Pick<Contrast, 'lo' | 'hi' | 'gamma'>;
  /** 0…1 each. */
  rgb: readonly [number, number, number];
}

function widened(range: Range): Range {
  return range.hi > range.lo ? range : { lo: range.lo, hi: range.lo + 1 };
}

/** RGBA half floats, channel k in component k, normalised to its range; at most four channels. */
export function packChannels(channels: readonly PackedChannel[]): Uint16Array {
  const length = channels[0]?.samples.length ?? 0;
  const out = new Uint16Array(length * COMPOSITE_CHANNELS);
  const zero = DataUtils.toHalfFloat(0);
  out.fill(zero);
  channels.slice(0, COMPOSITE_CHANNELS).forEach((channel, k) => {
    const { lo, hi } = widened(channel.range);
    const scale = 1 / (hi - lo);
    for (let i = 0; i < length; i++) {
      const value = channel.samples[i];
      if (Number.isNaN(value)) continue;
      const unit = Math.max(-65504, Math.min(65504, (value - lo) * scale));
      out[i * COMPOSITE_CHANNELS + k] = DataUtils.toHalfFloat(unit);
    }
  });
  return out;
}

/** Each channel's contrast in its texture's units, and its colour (black for unused components). */
export function compositeUniforms(
  styles: readonly ChannelStyle[],
  ranges: readonly Range[],
): { uLo: number[]; uHi: number[]; uGamma: number; uColors: [number, number, number][] } {
  const uLo: number[] = [];
  const uHi: number[] = [];
  const uColors: [number, number, number][] = [];
  for (let k = 0; k < COMPOSITE_CHANNELS; k++) {
    const style = styles[k];
    const range = ranges[k];
    if (!style || !range) {
      uLo.push(0);
      uHi.push(1);
      uColors.push([0, 0, 0]);
      continue;
    }
    const { lo, hi } = widened(range);
    const toUnit = (v: number) => (v - lo) / (hi - lo);
    const low = toUnit(style.contrast.lo);
    let high = toUnit(style.contrast.hi);
    if (!(high > low)) high = low + 1e-6;
    uLo.push(low);
    uHi.push(high);
    uColors.push([style.rgb[0], style.rgb[1], style.rgb[2]]);
  }
  const gamma = styles[0]?.contrast.gamma ?? 1;
  return { uLo, uHi, uGamma: gamma > 0 ? gamma : 1, uColors };
}
