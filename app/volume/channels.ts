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

/** Longest channel name kept from a file; longer ones are cut (a name is a label, not a document). */
export const MAX_CHANNEL_NAME_LENGTH = 128;

/**
 * A channel name as a file spells it, made safe to show: control characters become spaces,
 * whitespace is trimmed and the name cut to MAX_CHANNEL_NAME_LENGTH; null when nothing is left.
 * @example channelName('  Lectin\t488 ') // "Lectin 488"
 */
export function channelName(text: string): string | null {
  // Cut first, so a hostile megabyte-long name costs no more than a short one.
  const cut = text.slice(0, 4 * MAX_CHANNEL_NAME_LENGTH);
  // eslint-disable-next-line no-control-regex
  const printable = cut.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  const name = [...printable].slice(0, MAX_CHANNEL_NAME_LENGTH).join('').trim();
  return name === '' ? null : name;
}

/**
 * What a file says of its channels, fitted to the stack's `count` channels (missing entries say
 * nothing, extra ones are dropped); undefined when it names and colours none of them, so a header
 * carries `channels` only where the file has something to say.
 */
export function fitChannels(given: readonly ChannelInfo[], count: number): ChannelInfo[] | undefined {
  const fitted = Array.from({ length: count }, (_, k) => ({
    name: given[k]?.name ?? null,
    color: given[k]?.color ?? null,
  }));
  return fitted.some((channel) => channel.name !== null || channel.color !== null) ? fitted : undefined;
}
