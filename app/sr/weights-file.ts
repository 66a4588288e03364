/**
 * Weights on disk: the safetensors layout, so Python (`safetensors.numpy.load_file`) reads
 * our models and we can read theirs.
 *
 *   bytes 0..8      header length N, unsigned 64-bit little-endian
 *   bytes 8..8+N    UTF-8 JSON header, space-padded to a multiple of 8:
 *                   { "<name>": { "dtype": "F32", "shape": [3,3,1,32], "data_offsets": [begin, end] }, …,
 *                     "__metadata__": { "<key>": "<string>", … } }
 *   bytes 8+N..     tensor data, little-endian float32; offsets are relative to this point
 *
 * safetensors requires `__metadata__` values to be strings, so ours are: `format`
 * ("isotrope-weights/1"), `kind`, `preset`, `width`, `blocks`, `scale` (decimal strings) and
 * `normalisation`, `training` (JSON text). Saving writes a temporary file and renames it, so a
 * crash never leaves a half-written model under the real name.
 */
import { readFile } from 'node:fs/promises';
import { writeDurable } from '../volume/index.js';
import { SrError } from './errors.js';
import type { NetworkConfig, NetworkKind } from './networks/architecture.js';
import type { WeightMap } from './networks/init.js';

export const WEIGHTS_FORMAT = 'isotrope-weights/1';

export interface WeightsMetadata {
  config: NetworkConfig;
  /** Preset name the config came from, or 'custom'. */
  preset: string;
  /** Super-resolution factor along z (z-step / xy pixel) the model was trained for. */
  scale: number;
  /** How input intensities were mapped before the network (and are mapped back after). */
  normalisation: Record<string, unknown>;
  /** Training parameters (lr, steps, patch size, seed, …), free-form. */
  training: Record<string, unknown>;
}

export function encodeWeights(weights: WeightMap, meta: WeightsMetadata): Uint8Array {
  const header: Record<string, unknown> = {};
  let offset = 0;
  const names = [...weights.keys()];
  for (const name of names) {
    const { shape, data } = weights.get(name)!;
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + data.byteLength] };
    offset += data.byteLength;
  }
  header.__metadata__ = {
    format: WEIGHTS_FORMAT,
    kind: meta.config.kind,
    preset: meta.preset,
    width: String(meta.config.width),
    blocks: String(meta.config.blocks),
    scale: String(meta.scale),
    normalisation: JSON.stringify(meta.normalisation),
    training: JSON.stringify(meta.training),
  };
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length)
    json = new TextEncoder().encode(JSON.stringify(header) + ' '.repeat(padded - json.length));
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const name of names) {
    const { data } = weights.get(name)!;
    for (let i = 0; i < data.length; i++, at += 4) view.setFloat32(at, data[i]!, true);
  }
  return out;
}

function parseJson(text: string, what: string, file?: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new SrError('bad-weights', `${what} is not valid JSON`, { file, cause: e });
  }
}

export function decodeWeights(
  bytes: Uint8Array,
  file?: string,
): { weights: WeightMap; meta: WeightsMetadata } {
  const bad = (why: string): SrError => new SrError('bad-weights', why, { file });
  if (bytes.length < 8) throw bad('truncated: shorter than the 8-byte header length');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (8 + n > bytes.length) throw bad(`truncated: header of ${n} bytes does not fit in ${bytes.length}`);
  const header = parseJson(new TextDecoder().decode(bytes.subarray(8, 8 + n)), 'header', file);
  const base = 8 + n;
  const m = (header.__metadata__ ?? {}) as Record<string, string>;
  if (m.format !== WEIGHTS_FORMAT) throw bad(`not an Isotrope model (format ${JSON.stringify(m.format)})`);
  const weights: WeightMap = new Map();
  for (const [name, v] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const {
      dtype,
      shape,
      data_offsets: [b, e] = [],
    } = v as { dtype: string; shape: number[]; data_offsets: number[] };
    const count = shape.reduce((a, c) => a * c, 1);
    if (dtype !== 'F32') throw bad(`tensor ${name}: dtype ${dtype} unsupported (F32 only)`);
    if (b === undefined || e === undefined || e - b !== count * 4 || base + e > bytes.length) {
      throw bad(`tensor ${name}: offsets [${b}, ${e}] do not match shape [${shape}] or the file length`);
    }
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(base + b + 4 * i, true);
    weights.set(name, { shape, data });
  }
  const config = { kind: m.kind as NetworkKind, width: Number(m.width), blocks: Number(m.blocks) };
  return {
    weights,
    meta: {
      config,
      preset: m.preset ?? 'custom',
      scale: Number(m.scale),
      normalisation: parseJson(m.normalisation ?? '{}', 'normalisation', file),
      training: parseJson(m.training ?? '{}', 'training', file),
    },
  };
}

export async function saveWeights(path: string, weights: WeightMap, meta: WeightsMetadata): Promise<void> {
  try {
    await writeDurable(path, encodeWeights(weights, meta));
  } catch (e) {
    throw new SrError('bad-weights', `cannot write: ${(e as Error).message}`, { file: path, cause: e });
  }
}

export async function loadWeights(path: string): Promise<{ weights: WeightMap; meta: WeightsMetadata }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new SrError('bad-weights', `cannot read: ${(e as Error).message}`, { file: path, cause: e });
  }
  return decodeWeights(bytes, path);
}
