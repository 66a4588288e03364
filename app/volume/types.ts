/**
 * The one interface every input (TIFF family now, OME-Zarr later) is read through.
 * Axes are named x (columns), y (rows), z (planes), c (channels), t (time points);
 * every plane and brick comes back as a typed array in x-fastest order.
 */

/** Pixel types we read and write. */
export type DType = 'uint8' | 'uint16' | 'uint32' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

export type TypedArray =
  Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface Shape5D {
  x: number;
  y: number;
  z: number;
  c: number;
  t: number;
}

/** Physical voxel size in micrometres; an axis is null when the file does not say. */
export interface VoxelSize {
  x: number | null;
  y: number | null;
  z: number | null;
}

/** Where the voxel size came from, so users can judge whether to trust it. */
export type VoxelSizeSource = 'ome-xml' | 'imagej' | 'tiff-resolution' | 'ngff' | 'user' | 'none';

/** Where a slice profile came from: the file's OME-XML, or (where the file does not say) measured from it. */
export type SliceProfileSource = 'ome-xml' | 'estimate';

/**
 * The blur the stack's voxels carry, as Gaussian FWHMs in µm: along z (the light sheet's thickness,
 * what training simulates) and in x/y (the detection PSF, which the z blur already includes). An axis
 * is null when the source does not say; an estimate from the stack may give only the axial one.
 */
export interface SliceProfile {
  axialFwhm: number | null;
  lateralFwhm: number | null;
  source: SliceProfileSource;
}

/**
 * What the file says of one channel: its name and display colour (6 hex digits, RRGGBB, as OME
 * and NGFF's omero write it); null where the file does not say. See channels.ts for the defaults.
 */
export interface ChannelInfo {
  name: string | null;
  color: string | null;
}

export type VolumeFormat =
  'tiff' | 'bigtiff' | 'ome-tiff' | 'imagej-tiff' | 'imagej-raw' | 'tiff-folder' | 'ome-zarr';

/** A half-open interval [start, end) along one axis. */
export interface Span {
  start: number;
  end: number;
}

/** A box in voxel coordinates; each axis half-open. */
export interface Box {
  x: Span;
  y: Span;
  z: Span;
}

/** Which channel and time point a read refers to (both default to 0). */
export interface PlaneSelector {
  c?: number;
  t?: number;
}

export interface ReadOptions extends PlaneSelector {
  signal?: AbortSignal;
}

/**
 * What a volume's files say of it before any voxel is read. (The API's VolumeInfo is this as the
 * UI receives it: plus a volumeId, voxel sizes nullable.)
 */
export interface VolumeHeader {
  path: string;
  format: VolumeFormat;
  shape: Shape5D;
  dtype: DType;
  voxelSize: VoxelSize;
  voxelSizeSource: VoxelSizeSource;
  /** TIFF compression names of the stored planes, e.g. "none", "lzw", "deflate". */
  compression: string;
  /** How the bytes are laid out on disk, e.g. "strips (16 rows)", "tiles 256x256", "contiguous". */
  layout: string;
  /** Total size in bytes of the file(s) read. */
  bytes: number;
  /** Order of the non-xy axes in the file, e.g. "XYZCT"; informational. */
  dimensionOrder: string;
  /** The slice profile, when the file records one (our samples do); absent when nothing says. */
  sliceProfile?: SliceProfile;
  /** Per channel (length shape.c) when the file names or colours them (OME Channel, ImageJ LUTs, NGFF omero). */
  channels?: ChannelInfo[];
  /**
   * What the reader did other than the file says, one line each (e.g. damaged OME-XML read as
   * plain TIFF pages). The readers always set it (empty when all is well); optional so that
   * hand-made headers and test fakes need not.
   */
  warnings?: string[];
}

/**
 * A lazily read volume. Nothing is decoded until asked for; implementations keep their
 * own memory bounded (see `withBandCache`).
 */
export interface Volume extends VolumeHeader {
  readPlaneXY(z: number, options?: ReadOptions): Promise<TypedArray>;
  /** The plane at row y: x-fastest, then z (width shape.x, height shape.z). */
  readPlaneXZ(y: number, options?: ReadOptions): Promise<TypedArray>;
  /** The plane at column x: y-fastest, then z (width shape.y, height shape.z). */
  readPlaneYZ(x: number, options?: ReadOptions): Promise<TypedArray>;
  /** A sub-volume, x-fastest, then y, then z. */
  readBrick(box: Box, options?: ReadOptions): Promise<TypedArray>;
  close(): Promise<void>;
}

export const BYTES_PER_SAMPLE: Record<DType, number> = {
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  uint32: 4,
  int32: 4,
  float32: 4,
  float64: 8,
};

/** A new zeroed typed array of the given dtype. */
export function allocate(dtype: DType, length: number): TypedArray {
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(length);
    case 'int8':
      return new Int8Array(length);
    case 'uint16':
      return new Uint16Array(length);
    case 'int16':
      return new Int16Array(length);
    case 'uint32':
      return new Uint32Array(length);
    case 'int32':
      return new Int32Array(length);
    case 'float32':
      return new Float32Array(length);
    case 'float64':
      return new Float64Array(length);
  }
}

/** A typed view of dtype over the given bytes (which must be aligned). */
export function viewAs(dtype: DType, buffer: ArrayBufferLike, byteOffset = 0, length?: number): TypedArray {
  const n = length ?? (buffer.byteLength - byteOffset) / BYTES_PER_SAMPLE[dtype];
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(buffer, byteOffset, n);
    case 'int8':
      return new Int8Array(buffer, byteOffset, n);
    case 'uint16':
      return new Uint16Array(buffer, byteOffset, n);
    case 'int16':
      return new Int16Array(buffer, byteOffset, n);
    case 'uint32':
      return new Uint32Array(buffer, byteOffset, n);
    case 'int32':
      return new Int32Array(buffer, byteOffset, n);
    case 'float32':
      return new Float32Array(buffer, byteOffset, n);
    case 'float64':
      return new Float64Array(buffer, byteOffset, n);
  }
}
