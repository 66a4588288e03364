/** How a multi-channel run is shown: toggles, colours and contrast per channel, kept across refreshes. */
import { describe, expect, it } from 'vitest';
import {
  channelContrast,
  channelsLabel,
  channelViews,
  sameViews,
  showAll,
  showOnly,
  singleChannel,
  updateChannel,
  visibleChannels,
} from '../../../renderer/src/compare/channel-views.js';

const RUN_CHANNELS = [
  { index: 0, name: 'vessels', color: '00FFFF' },
  { index: 2, name: 'neurons', color: 'FF00FF' },
];

describe('channel views', () => {
  it('has none for a run of one channel, so it is drawn as before', () => {
    expect(channelViews(undefined, [])).toEqual([]);
    expect(channelViews([RUN_CHANNELS[0]], [])).toEqual([]);
  });

  it('shows every channel at first, in its colour, with automatic contrast', () => {
    const views = channelViews(RUN_CHANNELS, []);
    expect(views.map((v) => [v.index, v.name, v.color, v.visible, v.lo, v.hi])).toEqual([
      [0, 'vessels', '00FFFF', true, null, null],
      [2, 'neurons', 'FF00FF', true, null, null],
    ]);
    expect(channelsLabel(views)).toBe('composite');
  });

  it("keeps the user's toggles and colours across a refresh", () => {
    let views = channelViews(RUN_CHANNELS, []);
    views = updateChannel(views, 2, { visible: false, color: 'FFFF00' });
    const refreshed = channelViews(RUN_CHANNELS, views);
    expect(sameViews(refreshed, views)).toBe(true);
    expect(refreshed[1]).toMatchObject({ index: 2, visible: false, color: 'FFFF00' });
    expect(visibleChannels(refreshed).map((v) => v.index)).toEqual([0]);
    expect(channelsLabel(refreshed)).toBe('vessels');
  });

  it('picks the first visible channel for the difference, and toggles all or one', () => {
    let views = channelViews(RUN_CHANNELS, []);
    expect(singleChannel(views)?.index).toBe(0);
    views = showOnly(views, 2);
    expect(visibleChannels(views).map((v) => v.index)).toEqual([2]);
    expect(singleChannel(views)?.index).toBe(2);
    views = updateChannel(views, 2, { visible: false });
    expect(channelsLabel(views)).toBe('no channel');
    expect(singleChannel(views)?.index).toBe(0);
    views = showAll(views);
    expect(visibleChannels(views)).toHaveLength(2);
    expect(singleChannel([])).toBeNull();
  });

  it("takes the user's bounds where set, else the channel's own range", () => {
    const auto = { lo: 10, hi: 900 };
    expect(channelContrast({ lo: null, hi: null }, auto, { gamma: 1.5 })).toEqual({
      lo: 10,
      hi: 900,
      gamma: 1.5,
    });
    expect(channelContrast({ lo: 100, hi: null }, auto, { gamma: 1 })).toEqual({
      lo: 100,
      hi: 900,
      gamma: 1,
    });
    expect(channelContrast({ lo: null, hi: null }, null, { gamma: 1 })).toEqual({ lo: 0, hi: 1, gamma: 1 });
    // An empty range widens, never divides by zero.
    expect(channelContrast({ lo: 5, hi: 5 }, auto, { gamma: 1 })).toEqual({ lo: 5, hi: 6, gamma: 1 });
  });
});
