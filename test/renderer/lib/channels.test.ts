/** Channels as the screens show and choose them: colours, defaults, selection text, training's label. */
import { describe, expect, it } from 'vitest';
import {
  colorFromCss,
  colorRgb,
  cssColor,
  selectionText,
  timepointsProblem,
  trainingChannelLabel,
  volumeChannels,
} from '../../../renderer/src/lib/channels.js';
import { resolveSelection } from '../../../app/options/index.js';
import { sampleInfo } from '../fake-client.js';

describe('channel colours', () => {
  it('turns RRGGBB into CSS and back, and into 0…1 components', () => {
    expect(cssColor('FF00FF')).toBe('#FF00FF');
    expect(colorFromCss('#00ffaa')).toBe('00FFAA');
    expect(colorFromCss('red')).toBeNull();
    expect(colorRgb('FF8000')).toEqual([1, 128 / 255, 0]);
    expect(colorRgb('nope')).toEqual([1, 1, 1]);
  });

  it("uses the engine's names and colours, else app/volume's defaults", () => {
    const named = sampleInfo({
      shape: { x: 8, y: 8, z: 4, c: 2, t: 1 },
      channels: [
        { name: 'vessels', color: '00FFFF' },
        { name: 'neurons', color: 'FF00FF' },
      ],
    });
    expect(volumeChannels(named)).toEqual([
      { index: 0, name: 'vessels', color: '00FFFF' },
      { index: 1, name: 'neurons', color: 'FF00FF' },
    ]);
    const bare = sampleInfo({ shape: { x: 8, y: 8, z: 4, c: 3, t: 1 } });
    expect(volumeChannels(bare).map((c) => `${c.name}:${c.color}`)).toEqual([
      'C0:00FFFF',
      'C1:FF00FF',
      'C2:FFFF00',
    ]);
    expect(volumeChannels(sampleInfo())).toEqual([{ index: 0, name: 'C0', color: 'FFFFFF' }]);
  });
});

describe('selectionText', () => {
  it('says all for every channel, lists and ranges otherwise, and round-trips through resolveSelection', () => {
    expect(selectionText([0, 1], 2)).toBe('all');
    expect(selectionText([2, 0], 3)).toBe('0,2');
    expect(selectionText([0, 2, 3, 4, 6], 8)).toBe('0,2-4,6');
    expect(selectionText([1, 2], 5)).toBe('1,2');
    expect(selectionText([], 3)).toBe('');
    expect(selectionText([0, 0, 9], 3)).toBe('0');
    for (const chosen of [[0, 2, 3, 4, 6], [1], [0, 1, 3]]) {
      expect(resolveSelection(selectionText(chosen, 8), 8, 'channel')).toEqual(chosen);
    }
  });
});

describe('timepointsProblem', () => {
  it('accepts all, empty and valid lists; names what is wrong otherwise', () => {
    expect(timepointsProblem('', 4)).toBeNull();
    expect(timepointsProblem('all', 4)).toBeNull();
    expect(timepointsProblem('0-3', 4)).toBeNull();
    expect(timepointsProblem('0, 2-3', 4)).toBeNull();
    expect(timepointsProblem('0-4', 4)).toBe('Time point 4 is out of range: the stack has 4 (0–3)');
    expect(timepointsProblem('3-1', 4)).toContain('a range goes from low to high');
    expect(timepointsProblem('first', 4)).toContain('all, or indices and ranges');
  });
});

describe('trainingChannelLabel', () => {
  const looks = [
    { index: 0, name: 'vessels', color: '00FFFF' },
    { index: 1, name: 'neurons', color: 'FF00FF' },
  ];
  it('says which of the channels the job trains is training now', () => {
    expect(trainingChannelLabel(0, [0, 1], looks)).toBe('channel 1 of 2: vessels');
    expect(trainingChannelLabel(1, [0, 1], looks)).toBe('channel 2 of 2: neurons');
    expect(trainingChannelLabel(1, [1], looks)).toBe('channel 1: neurons');
    expect(trainingChannelLabel(null, null, looks)).toBeNull();
    expect(trainingChannelLabel(0, [0], [looks[0]])).toBeNull();
  });
});
