/**
 * ImageJ's ImageDescription ("ImageJ=1.54f\nimages=120\nslices=40\n…"): hyperstack
 * dimensions (planes ordered channel-fastest, then slice, then frame), z spacing and unit.
 */

export interface ImageJDescription {
  version: string;
  images: number;
  channels: number;
  slices: number;
  frames: number;
  /** z step in `unit`, or undefined. */
  spacing?: number;
  unit?: string;
}

export function isImageJDescription(text: string | undefined): text is string {
  return text !== undefined && text.startsWith('ImageJ=');
}

/** Parses the description; missing counts default so that images = channels·slices·frames. */
export function parseImageJDescription(text: string): ImageJDescription {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0) values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const int = (key: string): number | undefined => {
    const v = Number.parseInt(values.get(key) ?? '', 10);
    return Number.isFinite(v) && v > 0 ? v : undefined;
  };
  const channels = int('channels') ?? 1;
  const frames = int('frames') ?? 1;
  const images = int('images') ?? channels * (int('slices') ?? 1) * frames;
  const slices = int('slices') ?? Math.max(1, Math.floor(images / (channels * frames)));
  const spacingValue = Number.parseFloat(values.get('spacing') ?? '');
  return {
    version: values.get('ImageJ') ?? '',
    images, channels, slices, frames,
    spacing: Number.isFinite(spacingValue) && spacingValue > 0 ? spacingValue : undefined,
    unit: values.get('unit'),
  };
}
