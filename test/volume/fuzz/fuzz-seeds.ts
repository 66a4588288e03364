/**
 * The valid files the fuzz test mutates: every layout the TIFF reader supports, small (a few KiB)
 * so a case takes milliseconds. Strips and tiles, both byte orders, uint8/uint16/float32,
 * none/deflate/LZW/PackBits (with the predictors), BigTIFF, OME-TIFF and ImageJ.
 */
import { join } from 'node:path';
import { buildImageJDescription } from '../../../app/volume/metadata/imagej.js';
import { buildOmeXml } from '../../../app/volume/metadata/ome-xml-write.js';
import {
  writeTiffStack,
  type TiffCompression,
  type TiffWriterOptions,
} from '../../../app/volume/tiff/writer.js';
import type { DType } from '../../../app/volume/types.js';
import { planeOf, randomStack } from '../../helpers/fixtures.js';

export interface FuzzSeed {
  name: string;
  path: string;
}

const WIDTH = 40;
const HEIGHT = 34;
const PLANES = 3;

/** Writes the seed files into `folder` and lists them. */
export async function writeFuzzSeeds(folder: string): Promise<FuzzSeed[]> {
  const layouts: { name: string; dtype: DType; options: Partial<TiffWriterOptions> }[] = [];
  const dtypes: DType[] = ['uint8', 'uint16', 'float32'];
  const compressions: TiffCompression[] = ['none', 'deflate', 'lzw', 'packbits'];
  dtypes.forEach((dtype, d) => {
    compressions.forEach((compression, k) => {
      // Alternate so each dtype and each compression meets strips and tiles, LE and BE.
      const tiled = (d + k) % 2 === 1;
      const littleEndian = k % 2 === 0;
      const predictor =
        compression === 'lzw' || compression === 'deflate' ? (dtype === 'float32' ? 3 : 2) : 1;
      layouts.push({
        name: `${dtype}-${compression}-${tiled ? 'tiles' : 'strips'}-${littleEndian ? 'le' : 'be'}${predictor > 1 ? `-p${predictor}` : ''}`,
        dtype,
        options: {
          compression,
          littleEndian,
          predictor: predictor as 1 | 2 | 3,
          ...(tiled ? { tile: { width: 16, height: 16 } } : { rowsPerStrip: 8 }),
        },
      });
    });
  });
  layouts.push(
    {
      name: 'bigtiff-uint16-lzw-tiles-le',
      dtype: 'uint16',
      options: { bigTiff: true, compression: 'lzw', tile: { width: 16, height: 16 } },
    },
    {
      name: 'bigtiff-float32-none-strips-be',
      dtype: 'float32',
      options: { bigTiff: true, littleEndian: false, rowsPerStrip: 5 },
    },
    {
      name: 'ome-tiff-uint16-deflate',
      dtype: 'uint16',
      options: {
        compression: 'deflate',
        imageDescription: buildOmeXml({
          width: WIDTH,
          height: HEIGHT,
          planes: PLANES,
          dtype: 'uint16',
          voxelSize: { x: 0.4, y: 0.4, z: 2 },
        }),
      },
    },
    {
      name: 'ome-tiff-uint8-none-be',
      dtype: 'uint8',
      options: {
        littleEndian: false,
        imageDescription: buildOmeXml({
          width: WIDTH,
          height: HEIGHT,
          planes: PLANES,
          dtype: 'uint8',
          voxelSize: { x: 1, y: 1, z: 3 },
        }),
      },
    },
    {
      name: 'imagej-uint16-none',
      dtype: 'uint16',
      options: {
        imageDescription: buildImageJDescription({ slices: PLANES, spacing: 2 }),
        resolution: { x: 2, y: 2, unit: 'none' },
      },
    },
    {
      name: 'imagej-float32-packbits',
      dtype: 'float32',
      options: {
        compression: 'packbits',
        imageDescription: buildImageJDescription({ slices: PLANES, spacing: 1.5 }),
      },
    },
  );
  const seeds: FuzzSeed[] = [];
  for (const [index, layout] of layouts.entries()) {
    const path = join(folder, `${layout.name}.tif`);
    const stack = randomStack(layout.dtype, WIDTH, HEIGHT, PLANES, index + 1);
    await writeTiffStack(
      path,
      Array.from({ length: PLANES }, (_, z) => planeOf(stack, WIDTH, HEIGHT, z)),
      { width: WIDTH, height: HEIGHT, dtype: layout.dtype, ...layout.options },
    );
    seeds.push({ name: layout.name, path });
  }
  return seeds;
}
