/**
 * Compression registry: TIFF compression code → name, a lazily loaded block decoder, and the most
 * a stored byte can expand to. Decoders turn one strip or tile's stored bytes into at most
 * `capacityBytes` raw bytes and hand back only what they produced, so a short (truncated) stream
 * is seen as short rather than zero-filled (predictors and byte order: the caller, `decodeBlock`).
 */
import { inflateSync } from 'node:zlib';
import { decodeLzw } from './lzw.js';
import { decodePackBits } from './packbits.js';

/**
 * Decodes one block. `capacityBytes` (the block's full decoded size, bounded by the image) is
 * the most it may allocate; the result's length is what the stream produced, at most that.
 */
export type BlockDecoder = (stored: Uint8Array, capacityBytes: number) => Uint8Array | Promise<Uint8Array>;

interface CompressionEntry {
  name: string;
  load: () => Promise<BlockDecoder>;
  /**
   * The most decoded bytes one stored byte can yield (the codec's worst case, rounded up), so
   * a block's declared size can be checked against its stored bytes before any buffer is made.
   */
  maxExpansion: number;
}

const none: BlockDecoder = (stored) => stored;

const lzw: BlockDecoder = (stored, capacity) => {
  const out = new Uint8Array(capacity);
  return out.subarray(0, decodeLzw(stored, out));
};

const packBits: BlockDecoder = (stored, capacity) => {
  const out = new Uint8Array(capacity);
  return out.subarray(0, decodePackBits(stored, out));
};

/** Thrown when a deflate stream would inflate past its block: a hostile or corrupt strip, not data. */
export class InflateOverflowError extends Error {}

// node:zlib is ~10x faster than pako, which geotiff uses. maxOutputLength stops a 1 MB "zip bomb"
// strip at the block's size instead of inflating it to a gigabyte first.
const deflate: BlockDecoder = (stored, capacity) => {
  let inflated: Buffer;
  try {
    inflated = inflateSync(stored, { maxOutputLength: Math.max(1, capacity) });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new InflateOverflowError(`inflates to more than the block's ${capacity} bytes`, { cause });
    throw cause;
  }
  return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
};

// zstd has no Node 20 built-in: borrow geotiff's wasm decoder, loaded only when needed.
async function loadZstd(): Promise<BlockDecoder> {
  const { getDecoder } = await import('geotiff');
  const decoder = await getDecoder(50000, {
    tileWidth: 1,
    tileHeight: 1,
    predictor: 1,
    bitsPerSample: 8,
    planarConfiguration: 1,
  });
  // geotiff's decoder takes no output bound; the expansion check of the block's stored size
  // (see maxExpansion) is what bounds it, and a surplus is refused after the fact.
  return async (stored, capacity) => {
    const decoded = new Uint8Array(await decoder.decode(stored.slice().buffer));
    if (decoded.length > capacity)
      throw new InflateOverflowError(`decodes to ${decoded.length} bytes, more than the block's ${capacity}`);
    return decoded;
  };
}

// Worst cases: deflate 1032:1 (258-byte matches in 2 bits); LZW one ≤ 3840-byte string per ≥ 9-bit
// code; PackBits 128 bytes per 2; zstd a 128 KiB RLE block per 4 bytes.
const REGISTRY: Record<number, CompressionEntry> = {
  1: { name: 'none', load: async () => none, maxExpansion: 1 },
  5: { name: 'lzw', load: async () => lzw, maxExpansion: 3414 },
  8: { name: 'deflate', load: async () => deflate, maxExpansion: 1032 },
  32946: { name: 'deflate', load: async () => deflate, maxExpansion: 1032 },
  32773: { name: 'packbits', load: async () => packBits, maxExpansion: 64 },
  50000: { name: 'zstd', load: loadZstd, maxExpansion: 32768 },
};

/** Names of compressions we cannot read, for clear error messages. */
const KNOWN_UNSUPPORTED: Record<number, string> = {
  2: 'CCITT RLE',
  3: 'CCITT fax 3',
  4: 'CCITT fax 4',
  6: 'old-style JPEG',
  7: 'JPEG',
  34712: 'JPEG 2000',
  34887: 'LERC',
  34925: 'LZMA',
  50001: 'WebP',
  50002: 'JPEG XL',
};

export function compressionName(code: number): string {
  return REGISTRY[code]?.name ?? KNOWN_UNSUPPORTED[code] ?? `unknown (${code})`;
}

export function isSupportedCompression(code: number): boolean {
  return code in REGISTRY;
}

/**
 * The most raw bytes `storedBytes` of compression `code` can decode to (exactly `storedBytes`
 * for uncompressed data). A block that declares more cannot be what the file holds.
 * @example decodedCapacity(8, 1000) // 1032000
 */
export function decodedCapacity(code: number, storedBytes: number): number {
  return storedBytes * (REGISTRY[code]?.maxExpansion ?? 1);
}

const loaded = new Map<number, Promise<BlockDecoder>>();

/** The decoder for `code`; call `isSupportedCompression` first. */
export function loadDecoder(code: number): Promise<BlockDecoder> {
  let p = loaded.get(code);
  if (!p) {
    const entry = REGISTRY[code];
    if (!entry) throw new Error(`unsupported compression ${compressionName(code)}`);
    p = entry.load();
    loaded.set(code, p);
  }
  return p;
}
