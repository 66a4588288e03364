/**
 * ImageJ's binary metadata (TIFF tags 50838 IJMetadataByteCounts and 50839 IJMetadata): the
 * channels' display LUTs and the planes' labels, which give a hyperstack's channel colours and
 * names. The blob is a magic ("IJIJ" big-endian, "JIJI" little-endian), a header of (type, count)
 * pairs, then the entries back to back; byte counts list the header's size, then each entry's.
 * Layout as ImageJ's TiffEncoder writes it and tifffile reads it.
 */
import { channelName } from '../channels.js';
import type { ChannelInfo } from '../types.js';

export interface ImageJMetadata {
  /** One 768-byte table per entry: red[256], green[256], blue[256]. */
  luts: Uint8Array[];
  /** One per plane (ImageJ's slice labels), in the stack's plane order. */
  labels: string[];
}

/** Entry types, as 32-bit integers in the blob's byte order ("luts" read big-endian, and so on). */
const ENTRY_TYPE = { luts: 0x6c757473, labels: 0x6c61626c } as const;
const MAGIC = 0x494a494a;
const LUT_BYTES = 768;
/** ImageJ writes a handful of entry types; tifffile refuses headers over this (100 types). */
const MAX_HEADER_BYTES = 804;
/** Only a label's first characters can become a name: decoding stops here. */
const LABEL_PREFIX_BYTES = 1024;

/**
 * The LUTs and labels of an IJMetadata blob; undefined when it is malformed (a bad magic, a
 * header or byte counts that do not fit the blob). Other entry types are skipped.
 */
export function parseImageJMetadata(
  blob: Uint8Array,
  byteCounts: readonly number[],
): ImageJMetadata | undefined {
  if (blob.length < 4 || byteCounts.length === 0) return undefined;
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  // The magic reads the same in its own byte order: "IJIJ" is big-endian, "JIJI" little-endian.
  const bigEndian = view.getUint32(0, false) === MAGIC;
  if (!bigEndian && view.getUint32(0, true) !== MAGIC) return undefined;
  const littleEndian = !bigEndian;
  const headerBytes = byteCounts[0];
  if (!Number.isSafeInteger(headerBytes) || headerBytes < 12 || headerBytes > MAX_HEADER_BYTES)
    return undefined;
  if (headerBytes > blob.length) return undefined;
  const types = Math.floor((headerBytes - 4) / 8);
  const result: ImageJMetadata = { luts: [], labels: [] };
  let position = headerBytes;
  let entry = 1;
  for (let k = 0; k < types; k++) {
    const type = view.getUint32(4 + 8 * k, littleEndian);
    const count = view.getUint32(8 + 8 * k, littleEndian);
    if (entry + count > byteCounts.length) return undefined;
    for (let i = 0; i < count; i++, entry++) {
      const length = byteCounts[entry];
      if (!Number.isSafeInteger(length) || length < 0 || position + length > blob.length) return undefined;
      const bytes = blob.subarray(position, position + length);
      position += length;
      if (type === ENTRY_TYPE.luts) result.luts.push(bytes);
      else if (type === ENTRY_TYPE.labels)
        result.labels.push(utf16(bytes.subarray(0, LABEL_PREFIX_BYTES), littleEndian));
    }
  }
  return result;
}

/** UTF-16 text in the given byte order (ImageJ's strings); an odd last byte is dropped. */
function utf16(bytes: Uint8Array, littleEndian: boolean): string {
  const units = new Array<number>(bytes.length >> 1);
  for (let i = 0; i < units.length; i++)
    units[i] = littleEndian ? bytes[2 * i] | (bytes[2 * i + 1] << 8) : (bytes[2 * i] << 8) | bytes[2 * i + 1];
  return String.fromCharCode(...units);
}

/**
 * The channels of a hyperstack of `channels` × `slices` × `frames` planes (channel fastest, as
 * ImageJ orders them) from its metadata; undefined when it says nothing usable.
 * - colour: the LUT's brightest entry (index 255) as RRGGBB, when there is one 768-byte LUT per
 *   channel; a LUT that ends in black (an inverted one) gives no colour, as it would hide the channel.
 * - name: a channel's planes' label (its first line), when every plane has a label and all planes
 *   of each channel share theirs; labels that differ along z or t are plane labels, not names.
 */
export function imageJChannels(
  metadata: ImageJMetadata,
  dims: { channels: number; slices: number; frames: number },
): ChannelInfo[] | undefined {
  const { channels, slices, frames } = dims;
  const luts =
    metadata.luts.length === channels && metadata.luts.every((lut) => lut.length === LUT_BYTES)
      ? metadata.luts
      : undefined;
  const names = channelNamesFromLabels(metadata.labels, channels, slices * frames);
  if (!luts && !names) return undefined;
  return Array.from({ length: channels }, (_, c) => ({
    name: names?.[c] ?? null,
    color: luts ? lutColor(luts[c]) : null,
  }));
}

/** RRGGBB of a LUT's entry 255, or null when that is black. */
function lutColor(lut: Uint8Array): string | null {
  const [red, green, blue] = [lut[255], lut[511], lut[767]];
  if (red === 0 && green === 0 && blue === 0) return null;
  return [red, green, blue]
    .map((value) => value.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

function channelNamesFromLabels(
  labels: readonly string[],
  channels: number,
  planesPerChannel: number,
): (string | null)[] | undefined {
  if (labels.length !== channels * planesPerChannel) return undefined;
  const names: (string | null)[] = [];
  for (let c = 0; c < channels; c++) {
    const label = labels[c];
    for (let plane = 1; plane < planesPerChannel; plane++)
      if (labels[c + channels * plane] !== label) return undefined;
    names.push(channelName(label.split('\n')[0]));
  }
  return names.some((name) => name !== null) ? names : undefined;
}
