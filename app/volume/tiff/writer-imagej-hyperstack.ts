/**
 * What makes an ImageJ TIFF a hyperstack Fiji opens with its channels, slices and frames: the
 * description's counts (`images=C·Z·T channels=C slices=Z frames=T hyperstack=true`, and
 * `mode=composite` for several channels), and per-channel colour tables in ImageJ's private
 * IJMetadata tags. ImageJ orders a hyperstack's planes channel fastest, then slice, then frame
 * (plane index = c + C·(z + Z·t)); the export writes them in that order.
 *
 * IJMetadata, as ImageJ's TiffDecoder.getMetaData reads it: tag 50838 (LONG) lists byte counts,
 * the first that of a header, the rest one per item; tag 50839 (BYTE) holds the header ("IJIJ",
 * then per item type its 4-character code and count, as 32-bit integers in the file's byte
 * order, so a little-endian file spells them backwards) followed by the items. A 'luts' item is
 * 768 bytes: 256 reds, 256 greens, 256 blues.
 */

/** Tag numbers of ImageJ's private metadata. */
export const IJ_METADATA_BYTE_COUNTS = 50838;
export const IJ_METADATA = 50839;

export interface HyperstackDescription {
  channels: number;
  slices: number;
  frames: number;
  /** z step in µm. */
  spacing?: number | null;
}

/**
 * The ImageJ description of a hyperstack, in the order ImageJ itself writes its keys.
 * @example buildHyperstackDescription({ channels: 2, slices: 5, frames: 3, spacing: 0.5 })
 * // "ImageJ=1.11a\nimages=30\nchannels=2\nslices=5\nframes=3\nhyperstack=true\nmode=composite\nunit=micron\nspacing=0.5\nloop=false\n"
 */
export function buildHyperstackDescription(o: HyperstackDescription): string {
  const lines = ['ImageJ=1.11a', `images=${o.channels * o.slices * o.frames}`];
  if (o.channels > 1) lines.push(`channels=${o.channels}`);
  if (o.slices > 1) lines.push(`slices=${o.slices}`);
  if (o.frames > 1) lines.push(`frames=${o.frames}`);
  lines.push('hyperstack=true');
  if (o.channels > 1) lines.push('mode=composite');
  lines.push('unit=micron');
  if (o.spacing) lines.push(`spacing=${o.spacing}`);
  lines.push('loop=false');
  return `${lines.join('\n')}\n`;
}

/**
 * ImageJ's colour table of one colour (RRGGBB): level i is i·colour/255 per component, rounded
 * down, as ImageJ's LUT.createLutFromColor makes it.
 * @example lutOfColor('FF00FF')[255] // 255 (red at full level); [256 + 255] 0 (no green)
 */
export function lutOfColor(color: string): Uint8Array {
  const rgb = [0, 2, 4].map((at) => parseInt(color.slice(at, at + 2), 16));
  const lut = new Uint8Array(768);
  rgb.forEach((component, k) => {
    for (let level = 0; level < 256; level++) lut[256 * k + level] = Math.floor((level * component) / 255);
  });
  return lut;
}

/**
 * The two IJMetadata tag values holding `luts` (one 768-byte table per channel), for a
 * little-endian file.
 * @example const { byteCounts, data } = ijMetadataLuts([lutOfColor('00FFFF'), lutOfColor('FF00FF')])
 */
export function ijMetadataLuts(luts: Uint8Array[]): { byteCounts: number[]; data: Uint8Array } {
  const headerBytes = 4 + 8;
  const data = new Uint8Array(headerBytes + luts.length * 768);
  const view = new DataView(data.buffer);
  view.setUint32(0, fourCharacterCode('IJIJ'), true);
  view.setUint32(4, fourCharacterCode('luts'), true);
  view.setUint32(8, luts.length, true);
  luts.forEach((lut, k) => {
    if (lut.length !== 768) throw new Error(`an ImageJ LUT has 768 bytes, got ${lut.length}`);
    data.set(lut, headerBytes + 768 * k);
  });
  return { byteCounts: [headerBytes, ...luts.map(() => 768)], data };
}

/** Four ASCII characters as the big-endian 32-bit integer ImageJ compares them as. */
function fourCharacterCode(text: string): number {
  return [...text].reduce((value, character) => value * 256 + character.charCodeAt(0), 0);
}
