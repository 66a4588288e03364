/** Channel names as files spell them, and a file's channel list fitted to the stack. */
import { describe, expect, it } from 'vitest';
import { channelName, fitChannels, MAX_CHANNEL_NAME_LENGTH } from '../../app/volume/channels.js';

describe('channelName', () => {
  it('trims, turns control characters into spaces and cuts long names', () => {
    expect(channelName('  Lectin\t488 ')).toBe('Lectin 488');
    expect(channelName('a\u0000\u0001b')).toBe('a b');
    expect(channelName('\n\t ')).toBeNull();
    expect(channelName('µ'.repeat(10_000))).toBe('µ'.repeat(MAX_CHANNEL_NAME_LENGTH));
  });
});

describe('fitChannels', () => {
  it('pads and cuts to the channel count, and is undefined when nothing is said', () => {
    expect(fitChannels([{ name: 'a', color: null }], 2)).toEqual([
      { name: 'a', color: null },
      { name: null, color: null },
    ]);
    expect(
      fitChannels(
        [
          { name: null, color: null },
          { name: 'dropped', color: null },
        ],
        1,
      ),
    ).toBeUndefined();
    expect(fitChannels([], 3)).toBeUndefined();
  });
});
