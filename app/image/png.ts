/**
 * Minimal PNG encoder for grayscale and RGB images (MIPs, comparisons). Node only: node:zlib does the
 * compression; the rest is the chunk framing, which is all a PNG writer needs.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export interface PngImage {
  width: number;
  height: number;
  /** 1 = gray, 3 = RGB. */
  channels: 1 | 3;
  /** 8 → Uint8Array, 16 → Uint16Array samples, row-major, channels interleaved. */
  data: Uint8Array | Uint16Array;
}

/** Encodes an image as PNG bytes. @example writeFileSync('mip.png', encodePng({ width, height, channels: 1, data })) */
export function encodePng(image: PngImage): Buffer {
  const { width, height, channels, data } = image;
  const depth = data instanceof Uint16Array ? 16 : 8;
  const bpp = channels * (depth / 8);
  if (data.length !== width * height * channels)
    throw new Error(`PNG data has ${data.length} samples, ${width * height * channels} expected`);
  const raw = Buffer.alloc(height * (1 + width * bpp));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * bpp);
    raw[row] = 0; // filter: none
    if (depth === 8)
      raw.set((data as Uint8Array).subarray(y * width * channels, (y + 1) * width * channels), row + 1);
    else
      for (let i = 0; i < width * channels; i++)
        raw.writeUInt16BE(data[y * width * channels + i], row + 1 + 2 * i);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = depth;
  header[9] = channels === 1 ? 0 : 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
