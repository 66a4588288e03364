/**
 * A channel as users see it: a name and a colour for every channel, the file's where it gives
 * them, else defaults. One rule for info, the UI, compare's composites and the stores we write.
 * Two-channel LSFM is usually shown cyan and magenta (the paper's Fig. 6), so those come first.
 */
import type { ChannelInfo, VolumeHeader } from './types.js';

export interface ChannelDisplay {
  name: string;
  /** RRGGBB. */
  color: string;
}

/** Colours of channels the file does not colour: grey for a lone channel, else this cycle. */
export const DEFAULT_CHANNEL_COLORS = ['00FFFF', 'FF00FF', 'FFFF00', '00FF00', 'FF0000', '0000FF'] as const;

/** The colour of channel k of c when the file gives none. */
export function defaultChannelColor(k: number, c: number): string {
  return c === 1 ? 'FFFFFF' : DEFAULT_CHANNEL_COLORS[k % DEFAULT_CHANNEL_COLORS.length];
}

/** Normalises a colour to RRGGBB (upper case), or null when it is not 6 or 8 hex digits (RRGGBB[AA]). */
export function normaliseColor(text: string | null | undefined): string | null {
  const m = /^#?([0-9a-fA-F]{6})([0-9a-fA-F]{2})?$/.exec((text ?? '').trim());
  return m ? m[1].toUpperCase() : null;
}

/** Every channel of `header` with a name and a colour. */
export function channelsOf(header: Pick<VolumeHeader, 'shape' | 'channels'>): ChannelDisplay[] {
  const c = header.shape.c;
  return Array.from({ length: c }, (_, k) => {
    const given: ChannelInfo | undefined = header.channels?.[k];
    return {
      name: given?.name?.trim() || `C${k}`,
      color: normaliseColor(given?.color) ?? defaultChannelColor(k, c),
    };
  });
}
