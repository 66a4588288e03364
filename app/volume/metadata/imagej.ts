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
    images,
    channels,
    slices,
    frames,
    spacing: Number.isFinite(spacingValue) && spacingValue > 0 ? spacingValue : undefined,
    unit: values.get('unit'),
  };
}

/**
 * The description ImageJ writes for a z-stack: `images`/`slices` (one channel, one frame),
 * `unit=micron` and `spacing` (the z step). ImageJ takes x/y pixel sizes from the TIFF
 * resolution tags, so the writer must set those too.
 * @example buildImageJDescription({ slices: 100, spacing: 0.5 }) // "ImageJ=1.11a\nimages=100\nslices=100\nunit=micron\nspacing=0.5\nloop=false\n"
 */
export function buildImageJDescription(o: {
  slices: number;
  spacing?: number | null;
  min?: number;
  max?: number;
}): string {
  const lines = ['ImageJ=1.11a'];
  if (o.slices > 1) lines.push(`images=${o.slices}`, `slices=${o.slices}`);
  lines.push('unit=micron');
  if (o.spacing) lines.push(`spacing=${o.spacing}`);
  lines.push('loop=false');
  if (o.min !== undefined && o.max !== undefined) lines.push(`min=${o.min}`, `max=${o.max}`);
  return `${lines.join('\n')}\n`;
}
