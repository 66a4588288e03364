/**
 * Seeded test data: small stacks of known values, temp folders, and byte patching of
 * valid files into the broken ones that the readers must reject.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../../app/math/random.js';
import { allocate, type Box, type DType, type TypedArray } from '../../app/volume/types.js';

/** Deterministic uniform numbers in [0, 1): the engine's own seeded generator. */
export function seeded(seed: number): () => number {
  const rng = mulberry32(seed);
  return () => rng.next();
}

/** A stack of `z` planes of `x × y` with seeded values spanning the dtype's range, as one array (x fastest). */
export function randomStack(dtype: DType, x: number, y: number, z: number, seed = 1): TypedArray {
  const rand = seeded(seed);
  const out = allocate(dtype, x * y * z);
  const span =
    dtype === 'uint8'
      ? 256
      : dtype === 'int8'
        ? 256
        : dtype === 'uint16' || dtype === 'int16'
          ? 65536
          : 2 ** 31;
  const offset = dtype.startsWith('int') ? -span / 2 : 0;
  for (let i = 0; i < out.length; i++) {
    // Smooth-ish ramps plus noise so predictors and LZW see realistic redundancy.
    const v = dtype.startsWith('float')
      ? (rand() - 0.3) * 1000
      : Math.floor(offset + (((i % 97) * 131 + rand() * span * 0.25) % span));
    out[i] = v;
  }
  return out;
}

export function planeOf(stack: TypedArray, x: number, y: number, z: number): TypedArray {
  return stack.subarray(z * x * y, (z + 1) * x * y);
}

/** The expected brick of a whole-stack array. */
export function brickOf(stack: TypedArray, shape: { x: number; y: number }, box: Box): TypedArray {
  const nx = box.x.end - box.x.start;
  const ny = box.y.end - box.y.start;
  const out = allocate(dtypeOfArray(stack), nx * ny * (box.z.end - box.z.start));
  let i = 0;
  for (let z = box.z.start; z < box.z.end; z++)
    for (let y = box.y.start; y < box.y.end; y++)
      for (let x = box.x.start; x < box.x.end; x++) out[i++] = stack[(z * shape.y + y) * shape.x + x];
  return out;
}

function dtypeOfArray(a: TypedArray): DType {
  const name = a.constructor.name.replace('Array', '').toLowerCase();
  return name as DType;
}

export function tempDir(prefix = 'isotrope-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Rewrites bytes of a file in place. */
export function patchFile(path: string, edit: (bytes: Buffer) => Buffer | void): void {
  const bytes = readFileSync(path);
  writeFileSync(path, edit(bytes) ?? bytes);
}

/** Offset of IFD `index` and its entry count in a little-endian classic TIFF. */
export function classicIfdOffset(bytes: Buffer, index: number): number {
  let offset = bytes.readUInt32LE(4);
  for (let i = 0; i < index; i++) offset = bytes.readUInt32LE(offset + 2 + 12 * bytes.readUInt16LE(offset));
  return offset;
}

/** Byte position of tag `tag`'s entry in IFD `index` of a little-endian classic TIFF. */
export function classicEntry(bytes: Buffer, index: number, tag: number): number {
  const ifd = classicIfdOffset(bytes, index);
  const n = bytes.readUInt16LE(ifd);
  for (let i = 0; i < n; i++) if (bytes.readUInt16LE(ifd + 2 + 12 * i) === tag) return ifd + 2 + 12 * i;
  throw new Error(`tag ${tag} not in IFD ${index}`);
}
