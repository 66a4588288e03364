/**
 * Compression registry: TIFF compression code → name and a lazily loaded block decoder.
 * Decoders turn one strip or tile's stored bytes into exactly `expectedBytes` raw bytes
 * (predictors and byte order are handled by the caller, see `decodeBlock`).
 */
import { inflateSync } from 'node:zlib';
import { decodeLzw } from './lzw.js';
import { decodePackBits } from './packbits.js';

export type BlockDecoder = (stored: Uint8Array, expectedBytes: number) => Uint8Array | Promise<Uint8Array>;

interface CompressionEntry {
  name: string;
  load: () => Promise<BlockDecoder>;
}

const none: BlockDecoder = (stored) => stored;

const lzw: BlockDecoder = (stored, expected) => {
  const out = new Uint8Array(expected);
  decodeLzw(stored, out);
  return out;
};

const packBits: BlockDecoder = (stored, expected) => {
  const out = new Uint8Array(expected);
  decodePackBits(stored, out);
  return out;
};

// node:zlib is ~10x faster than pako, which geotiff uses.
const deflate: BlockDecoder = (stored) => {
  const b = inflateSync(stored);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
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
  return async (stored) => new Uint8Array(await decoder.decode(stored.slice().buffer));
}

const REGISTRY: Record<number, CompressionEntry> = {
  1: { name: 'none', load: async () => none },
  5: { name: 'lzw', load: async () => lzw },
  8: { name: 'deflate', load: async () => deflate },
  32946: { name: 'deflate', load: async () => deflate },
  32773: { name: 'packbits', load: async () => packBits },
  50000: { name: 'zstd', load: loadZstd },
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
