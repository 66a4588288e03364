/**
 * The bytes of one Zarr v3 `sharding_indexed` shard, as our stores write it: the inner chunks,
 * each encoded as its chunked store would (bytes little-endian, zstd level 3), concatenated in
 * C order, then the index, then the index's CRC-32C (`index_location` "end"). The index holds an
 * (offset, nbytes) pair of little-endian uint64 per inner chunk, in C order; a chunk never
 * written is (2^64 − 1, 2^64 − 1) and reads as the fill value.
 */
import type { CodecMetadata } from 'zarrita';
import { crc32c } from './crc32c.js';

/** The codecs entry of a sharded array's zarr.json. */
export function shardingCodecs(chunkShape: number[]): CodecMetadata[] {
  return [
    {
      name: 'sharding_indexed',
      configuration: {
        chunk_shape: chunkShape,
        codecs: INNER_CODECS,
        index_codecs: [
          { name: 'bytes', configuration: { endian: 'little' } },
          { name: 'crc32c' } as CodecMetadata,
        ],
        index_location: 'end',
      },
    },
  ];
}

/** What every chunk of our stores is encoded with, sharded or not. */
export const INNER_CODECS: CodecMetadata[] = [
  { name: 'bytes', configuration: { endian: 'little' } },
  { name: 'zstd', configuration: { level: 3, checksum: false } },
];

const EMPTY = 0xffffffffffffffffn;

/** Bytes at the end of a shard of `count` inner chunks: the index and its checksum. */
export function indexBytes(count: number): number {
  return 16 * count + 4;
}

/** A shard file from its encoded inner chunks in C order (undefined: never written). */
export function encodeShard(chunks: readonly (Uint8Array | undefined)[]): Uint8Array {
  const dataBytes = chunks.reduce((sum, c) => sum + (c?.length ?? 0), 0);
  const out = new Uint8Array(dataBytes + indexBytes(chunks.length));
  const index = new DataView(out.buffer, dataBytes, 16 * chunks.length);
  let offset = 0;
  for (const [k, chunk] of chunks.entries()) {
    if (chunk === undefined) {
      index.setBigUint64(16 * k, EMPTY, true);
      index.setBigUint64(16 * k + 8, EMPTY, true);
      continue;
    }
    out.set(chunk, offset);
    index.setBigUint64(16 * k, BigInt(offset), true);
    index.setBigUint64(16 * k + 8, BigInt(chunk.length), true);
    offset += chunk.length;
  }
  const indexView = out.subarray(dataBytes, dataBytes + 16 * chunks.length);
  new DataView(out.buffer).setUint32(out.length - 4, crc32c(indexView), true);
  return out;
}

/** Where each inner chunk lies in its shard file; undefined entries were never written. */
export type ShardIndex = ({ offset: number; nbytes: number } | undefined)[];

/**
 * Parses the index at the end of a shard (`tail`: its last indexBytes(count) bytes) of a file of
 * `fileBytes`. Throws (plain Error, the caller names the file) when the checksum or a range is wrong.
 */
export function decodeShardIndex(tail: Uint8Array, count: number, fileBytes: number): ShardIndex {
  if (tail.length !== indexBytes(count))
    throw new Error(`shard index of ${tail.length} bytes, expected ${indexBytes(count)}`);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.length);
  const stored = view.getUint32(16 * count, true);
  const actual = crc32c(tail.subarray(0, 16 * count));
  if (stored !== actual)
    throw new Error(`shard index checksum ${hex(stored)} does not match its crc32c ${hex(actual)}`);
  const dataEnd = fileBytes - indexBytes(count);
  const index: ShardIndex = [];
  for (let k = 0; k < count; k++) {
    const offset = view.getBigUint64(16 * k, true);
    const nbytes = view.getBigUint64(16 * k + 8, true);
    if (offset === EMPTY && nbytes === EMPTY) {
      index.push(undefined);
      continue;
    }
    if (offset + nbytes > BigInt(dataEnd))
      throw new Error(`inner chunk ${k} (${offset}+${nbytes}) runs past the shard's data (${dataEnd} bytes)`);
    index.push({ offset: Number(offset), nbytes: Number(nbytes) });
  }
  return index;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}
