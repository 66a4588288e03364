/**
 * How a multi-channel run is shown, as a pure value: for each of the run's channels whether it is
 * visible, its colour and its contrast (automatic: the engine's per-channel range of the MIP on
 * show; or the user's lo / hi). The Compare and 3D views hold a list of these; a run with one
 * channel (or none listed) has no list and is drawn exactly as before, in the shared LUT.
 *
 * @example
 *   let views = channelViews(info.channels, []);           // every channel visible, automatic contrast
 *   views = updateChannel(views, 1, { visible: false });   // one toggle
 *   const shown = visibleChannels(views);                  // what the composite blends
 *   channelContrast(views[0], info.channels[0].range.z, display);
 */
import type { MipInfoResult } from '../../../app/api/contract.js';
import type { Contrast, DisplaySettings } from '../lib/display.js';
import { colorRgb } from '../lib/channels.js';

type Range = { lo: number; hi: number };
/** A channel of a run as the engine lists it (MipInfoResult's and RunStatusResult's channels). */
type RunChannel = NonNullable<MipInfoResult['channels']>[number];

export interface ChannelView {
  /** The input channel index (readMipTile's and readPreview's c). */
  index: number;
  name: string;
  /** RRGGBB. */
  color: string;
  visible: boolean;
  /** The user's display range; null each: the automatic one. */
  lo: number | null;
  hi: number | null;
}

/**
 * The views of a run's channels; what the user set on a channel already shown (same index) is
 * kept, so a refreshed mipInfo does not undo a toggle. Empty for a run of one channel.
 */
export function channelViews(
  channels: readonly Pick<RunChannel, 'index' | 'name' | 'color'>[] | undefined,
  previous: readonly ChannelView[],
): ChannelView[] {
  if (!channels || channels.length <= 1) return [];
  return channels.map((channel) => {
    const before = previous.find((view) => view.index === channel.index);
    if (before) return before;
    return {
      index: channel.index,
      name: channel.name,
      color: channel.color,
      visible: true,
      lo: null,
      hi: null,
    };
  });
}

/** Whether two lists show the same (so a refresh that changes nothing keeps the old object). */
export function sameViews(a: readonly ChannelView[], b: readonly ChannelView[]): boolean {
  return a.length === b.length && a.every((view, k) => view === b[k]);
}

/** The list with one channel changed. */
export function updateChannel(
  views: readonly ChannelView[],
  index: number,
  change: Partial<Omit<ChannelView, 'index' | 'name'>>,
): ChannelView[] {
  return views.map((view) => (view.index === index ? { ...view, ...change } : view));
}

/** The list with every channel visible (the composite of all). */
export function showAll(views: readonly ChannelView[]): ChannelView[] {
  return views.map((view) => (view.visible ? view : { ...view, visible: true }));
}

/** The list with only this channel visible. */
export function showOnly(views: readonly ChannelView[], index: number): ChannelView[] {
  return views.map((view) => ({ ...view, visible: view.index === index }));
}

export function visibleChannels(views: readonly ChannelView[]): ChannelView[] {
  return views.filter((view) => view.visible);
}

/**
 * The one channel a single-channel view (difference, export) shows: the first visible one,
 * else the first; null when the run has one channel (no list).
 */
export function singleChannel(views: readonly ChannelView[]): ChannelView | null {
  return visibleChannels(views)[0] ?? views[0] ?? null;
}

/**
 * A channel's contrast: the user's lo / hi where set, else the automatic range (the engine's
 * range of this channel's MIP, or of its preview); the gamma is the shared display's.
 */
export function channelContrast(
  view: Pick<ChannelView, 'lo' | 'hi'>,
  automatic: Range | null | undefined,
  display: Pick<DisplaySettings, 'gamma'>,
): Pick<Contrast, 'lo' | 'hi' | 'gamma'> {
  const auto = automatic ?? { lo: 0, hi: 1 };
  const lo = view.lo ?? auto.lo;
  let hi = view.hi ?? auto.hi;
  if (!(hi > lo)) hi = lo + 1;
  return { lo, hi, gamma: display.gamma };
}

/** The channel's colour as 0…1 components (the composite's weights). */
export function channelRgb(view: Pick<ChannelView, 'color'>): [number, number, number] {
  return colorRgb(view.color);
}

/** What a pane's label says of the channels on show: "composite", one name, or "no channel". */
export function channelsLabel(views: readonly ChannelView[]): string {
  const shown = visibleChannels(views);
  if (shown.length === 0) return 'no channel';
  if (shown.length === 1) return shown[0].name;
  return shown.length === views.length ? 'composite' : `composite of ${shown.map((v) => v.name).join(' + ')}`;
}
