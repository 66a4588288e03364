/**
 * Which channels and time points an export writes: every one of the source by default, so a
 * multi-channel or time-lapse volume leaves whole; `c` / `t` pick one of each (as before
 * channels were exported). Checked before any file is made, so a bad index costs nothing.
 */
import { channelsOf, type ChannelDisplay } from './channels.js';
import { VolumeError } from './errors.js';
import type { Volume } from './types.js';

export interface ExportedPlanes {
  /** Input channel indices, ascending. */
  channels: number[];
  /** Input time point indices, ascending. */
  timepoints: number[];
  /** Name and colour of each exported channel (the file's where it gives them, else the defaults). */
  display: ChannelDisplay[];
  /** Whether the file names or colours any exported channel, i.e. whether there is metadata to carry. */
  described: boolean;
}

/**
 * The planes of `source` to export.
 * @example exportedPlanes(volume, {}) // every channel and time point
 * @example exportedPlanes(volume, { c: 1 }) // channel 1, every time point
 */
export function exportedPlanes(source: Volume, options: { c?: number; t?: number }): ExportedPlanes {
  const channels = pick(source, 'c', options.c);
  const timepoints = pick(source, 't', options.t);
  const all = channelsOf(source);
  const display = channels.map((c) => all[c]);
  const described = channels.some((c) => Boolean(source.channels?.[c]?.name || source.channels?.[c]?.color));
  return { channels, timepoints, display, described };
}

function pick(source: Volume, axis: 'c' | 't', chosen: number | undefined): number[] {
  const count = source.shape[axis];
  if (chosen === undefined) return Array.from({ length: count }, (_, k) => k);
  if (!(Number.isInteger(chosen) && chosen >= 0 && chosen < count)) {
    const what = axis === 'c' ? 'channel' : 'time point';
    throw new VolumeError(
      'out-of-range',
      `${what} ${chosen} is out of range: the volume has ${count} ${what}s (0–${count - 1})`,
      { file: source.path },
    );
  }
  return [chosen];
}
