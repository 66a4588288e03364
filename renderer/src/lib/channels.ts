/**
 * Channels and time points as the screens show and choose them: a channel's CSS colour and RGB,
 * the channels of an opened stack (the engine's names and colours, else the same defaults as
 * app/volume/channels.ts), a set of chosen indices as the selection text the engine takes
 * (`all`, `0,2-3`), and which channel a training job is on. Pure, so it is tested in Node.
 *
 * @example
 *   selectionText([0, 2, 3], 4);            // '0,2-3'
 *   cssColor('FF00FF');                     // '#FF00FF'
 *   trainingChannelLabel(1, [0, 1], names); // 'channel 2 of 2: vessels'
 */
import type { VolumeInfo } from '../../../app/api/contract.js';

export interface ChannelLook {
  /** The channel's index in the input. */
  index: number;
  name: string;
  /** RRGGBB, no '#'. */
  color: string;
}

/** The colours of channels the engine sends none for (app/volume/channels.ts's cycle). */
const FALLBACK_COLORS = ['00FFFF', 'FF00FF', 'FFFF00', '00FF00', 'FF0000', '0000FF'];

/** `#RRGGBB` of an RRGGBB colour (what CSS and `<input type=color>` take). */
export function cssColor(color: string): string {
  return `#${color}`;
}

/** RRGGBB (upper case) of a `#rrggbb` from a colour input; null when it is not one. */
export function colorFromCss(text: string): string | null {
  const match = /^#?([0-9a-fA-F]{6})$/.exec(text.trim());
  return match ? match[1].toUpperCase() : null;
}

/** The colour's red, green and blue, each 0…1. */
export function colorRgb(color: string): [number, number, number] {
  const value = Number.parseInt(color, 16);
  if (!/^[0-9a-fA-F]{6}$/.test(color) || !Number.isFinite(value)) return [1, 1, 1];
  return [((value >> 16) & 255) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255];
}

/** Every channel of an opened stack, named and coloured (the engine always sends them; older ones did not). */
export function volumeChannels(info: Pick<VolumeInfo, 'shape' | 'channels'>): ChannelLook[] {
  const count = info.shape.c;
  return Array.from({ length: count }, (_, index) => {
    const given = info.channels?.[index];
    const fallback = count === 1 ? 'FFFFFF' : FALLBACK_COLORS[index % FALLBACK_COLORS.length];
    return { index, name: given?.name ?? `C${index}`, color: given?.color ?? fallback };
  });
}

/**
 * The selection text of chosen indices among `count`: `all` when every one is chosen, else the
 * sorted indices with runs of three or more as ranges (`0,2-4`). Empty when none is chosen.
 */
export function selectionText(chosen: Iterable<number>, count: number): string {
  const sorted = [...new Set(chosen)].filter((i) => i >= 0 && i < count).sort((a, b) => a - b);
  if (sorted.length === 0) return '';
  if (sorted.length === count) return 'all';
  const parts: string[] = [];
  let start = 0;
  while (start < sorted.length) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end++;
    if (end - start >= 2) parts.push(`${sorted[start]}-${sorted[end]}`);
    else for (let i = start; i <= end; i++) parts.push(String(sorted[i]));
    start = end + 1;
  }
  return parts.join(',');
}

/**
 * Why a time-point selection text cannot be sent, or null when it can: the engine's syntax
 * (`all`, `0,2-3`), every index below `count`, ranges low to high. An empty text means all.
 */
export function timepointsProblem(text: string, count: number): string | null {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'all') return null;
  if (!/^\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*$/.test(trimmed))
    return 'Time points: all, or indices and ranges such as 0,2-3';
  for (const part of trimmed.split(',')) {
    const [low, high = low] = part.split('-').map((s) => Number(s.trim()));
    if (high < low) return `Time points "${part.trim()}": a range goes from low to high`;
    if (high >= count) return `Time point ${high} is out of range: the stack has ${count} (0–${count - 1})`;
  }
  return null;
}

/**
 * Which channel a training job is on, for its progress line: "channel 2 of 2: vessels" (the
 * position among the channels the job trains, and the channel's name), or null for a job that
 * trains one channel of a single-channel stack (nothing to say).
 */
export function trainingChannelLabel(
  channel: number | null,
  channels: readonly number[] | null,
  looks: readonly ChannelLook[],
): string | null {
  if (channel === null) return null;
  const name = looks.find((look) => look.index === channel)?.name ?? `C${channel}`;
  const order = channels ?? [channel];
  const position = order.indexOf(channel);
  if (order.length <= 1) return looks.length > 1 ? `channel ${channel}: ${name}` : null;
  return `channel ${position + 1} of ${order.length}: ${name}`;
}
