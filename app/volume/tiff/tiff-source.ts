/**
 * A BandSource over TIFF planes that may live in one file or many (OME multi-file sets,
 * folders of single-plane TIFFs). Each plane's layout is read and checked the first time
 * the plane is touched, so opening a 20,000-plane stack parses no strip tables.
 */
import type { ImageFileDirectory } from 'geotiff';
import type { BandReadOptions, BandSource } from '../band-source.js';
import { VolumeError, throwIfAborted } from '../errors.js';
import type { FilePool } from '../file-pool.js';
import { BYTES_PER_SAMPLE, viewAs, type TypedArray, type VolumeHeader } from '../types.js';
import { planeLayoutOf, type PlaneLayout } from './plane-layout.js';
import { bandRowsOf, readBand, readRowsDirect } from './read-band.js';

/** Where one plane is: a parsed IFD, or a layout computed without one (ImageJ raw). */
export interface PlaneRef {
  file: string;
  ifdIndex: number;
  littleEndian: boolean;
  ifd?: ImageFileDirectory;
  layout?: PlaneLayout;
}

export function tiffBandSource(
  info: VolumeHeader,
  planes: PlaneRef[],
  planeOf: (z: number, c: number, t: number) => number,
  pool: FilePool,
): BandSource {
  const layouts = new Map<number, PlaneLayout>();

  const layoutOf = (plane: number): PlaneLayout => {
    const known = layouts.get(plane);
    if (known) return known;
    const ref = planes[plane];
    if (!ref) throw new VolumeError('malformed', `no data for plane ${plane}`, { file: info.path, plane });
    const layout = ref.layout ?? planeLayoutOf(ref.ifd!, ref.ifdIndex, ref.file, pool, ref.littleEndian);
    if (layout.width !== info.shape.x || layout.height !== info.shape.y || layout.dtype !== info.dtype) {
      throw new VolumeError(
        'mismatch',
        `plane is ${layout.width} × ${layout.height} ${layout.dtype}, the stack is ${info.shape.x} × ${info.shape.y} ${info.dtype}`,
        { file: ref.file, plane: ref.ifdIndex },
      );
    }
    layouts.set(plane, layout);
    return layout;
  };

  return {
    info,
    planeOf,
    bandRows: (plane) => bandRowsOf(layoutOf(plane)),
    async readBand(plane: number, band: number, options: BandReadOptions = {}): Promise<TypedArray> {
      throwIfAborted(options.signal, info.path);
      const bytes = await readBand(layoutOf(plane), band, pool);
      return viewAs(
        info.dtype,
        bytes.buffer,
        bytes.byteOffset,
        bytes.byteLength / BYTES_PER_SAMPLE[info.dtype],
      );
    },
    async readRows(
      plane: number,
      y0: number,
      y1: number,
      into: TypedArray,
      options: BandReadOptions = {},
    ): Promise<boolean> {
      throwIfAborted(options.signal, info.path);
      return readRowsDirect(
        layoutOf(plane),
        y0,
        y1,
        new Uint8Array(into.buffer, into.byteOffset, into.byteLength),
        pool,
      );
    },
    async close() {
      pool.closeAll();
    },
  };
}

/** Layout of ImageJ raw plane k: planes stored back to back after plane 0 (ImageJ's > 4 GB files). */
export function contiguousPlaneLayout(first: PlaneLayout, k: number, planeBytes: number): PlaneLayout {
  return {
    ...first,
    ifd: k,
    blockHeight: first.height,
    tiled: false,
    offsets: [first.offsets[0] + k * planeBytes],
    byteCounts: [planeBytes],
  };
}
