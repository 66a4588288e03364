/**
 * Turns a BandSource into a `Volume`: planes, through-plane planes and bricks are all
 * assembled from bands, so an xz or yz plane never decodes a whole xy plane per row.
 * yz planes are served from column blocks: one pass over the stack extracts a block of
 * adjacent columns (sized to the cache budget), so scanning x in order reads the stack
 * W / blockWidth times rather than W times.
 */
import type { BandSource } from './band-source.js';
import { VolumeError, throwIfAborted } from './errors.js';
import { allocate, type Box, type ReadOptions, type TypedArray, type Volume } from './types.js';

export interface BandVolumeOptions {
  /** Memory for one block of yz columns (default 128 MiB). */
  columnBlockBytes?: number;
}

export function volumeFromBands(source: BandSource, options: BandVolumeOptions = {}): Volume {
  const info = source.info;
  const { shape, dtype, path } = info;
  const columnBlockBytes = options.columnBlockBytes ?? 128 * 1024 * 1024;
  let columnBlock: { x0: number; x1: number; c: number; t: number; data: TypedArray } | null = null;

  const check = (axis: 'x' | 'y' | 'z', value: number, opts: ReadOptions): void => {
    const c = opts.c ?? 0;
    const t = opts.t ?? 0;
    if (!Number.isInteger(value) || value < 0 || value >= shape[axis]) {
      throw new VolumeError('out-of-range', `${axis} = ${value} is outside 0..${shape[axis] - 1}`, {
        file: path,
      });
    }
    if (c < 0 || c >= shape.c || t < 0 || t >= shape.t) {
      throw new VolumeError(
        'out-of-range',
        `channel ${c} / time ${t} outside ${shape.c} channels / ${shape.t} time points`,
        { file: path },
      );
    }
  };

  const readBrick = async (box: Box, opts: ReadOptions & { hint?: 'stream' } = {}): Promise<TypedArray> => {
    for (const axis of ['x', 'y', 'z'] as const) {
      const s = box[axis];
      if (!(
        Number.isInteger(s.start) &&
        Number.isInteger(s.end) &&
        s.start >= 0 &&
        s.end <= shape[axis] &&
        s.start < s.end
      )) {
        throw new VolumeError(
          'out-of-range',
          `brick ${axis} ${s.start}..${s.end} is outside 0..${shape[axis]}`,
          { file: path },
        );
      }
    }
    check('z', box.z.start, opts);
    const nx = box.x.end - box.x.start;
    const ny = box.y.end - box.y.start;
    const out = allocate(dtype, nx * ny * (box.z.end - box.z.start));
    let scratch = null as TypedArray | null; // reused row buffer for narrow streamed boxes
    for (let z = box.z.start; z < box.z.end; z++) {
      throwIfAborted(opts.signal, path);
      const plane = source.planeOf(z, opts.c ?? 0, opts.t ?? 0);
      const rows = source.bandRows(plane);
      const zBase = (z - box.z.start) * nx * ny;
      if (opts.hint === 'stream' && source.readRows) {
        if (nx === shape.x) {
          if (
            await source.readRows(plane, box.y.start, box.y.end, out.subarray(zBase, zBase + nx * ny), opts)
          )
            continue;
        } else {
          scratch = scratch?.length === shape.x * ny ? scratch : allocate(dtype, shape.x * ny);
          if (await source.readRows(plane, box.y.start, box.y.end, scratch, opts)) {
            for (let y = 0; y < ny; y++)
              out.set(scratch.subarray(y * shape.x + box.x.start, y * shape.x + box.x.end), zBase + y * nx);
            continue;
          }
        }
      }
      for (let band = Math.floor(box.y.start / rows); band * rows < box.y.end; band++) {
        const data = await source.readBand(plane, band, { hint: opts.hint, signal: opts.signal });
        const y0 = Math.max(box.y.start, band * rows);
        const y1 = Math.min(box.y.end, (band + 1) * rows);
        if (nx === shape.x) {
          // Full-width boxes copy the band's rows in one go.
          const from = (y0 - band * rows) * shape.x;
          out.set(data.subarray(from, from + (y1 - y0) * nx), zBase + (y0 - box.y.start) * nx);
        } else {
          for (let y = y0; y < y1; y++) {
            const from = (y - band * rows) * shape.x + box.x.start;
            out.set(data.subarray(from, from + nx), zBase + (y - box.y.start) * nx);
          }
        }
      }
    }
    return out;
  };

  const readPlaneYZ = async (x: number, opts: ReadOptions = {}): Promise<TypedArray> => {
    check('x', x, opts);
    const c = opts.c ?? 0;
    const t = opts.t ?? 0;
    const planeBytes = shape.y * shape.z * allocate(dtype, 1).BYTES_PER_ELEMENT;
    const width = Math.max(1, Math.min(shape.x, Math.floor(columnBlockBytes / planeBytes)));
    if (
      !columnBlock ||
      columnBlock.c !== c ||
      columnBlock.t !== t ||
      x < columnBlock.x0 ||
      x >= columnBlock.x1
    ) {
      const x0 = Math.floor(x / width) * width;
      const x1 = Math.min(shape.x, x0 + width);
      columnBlock = null;
      const data = await readBrick(
        { x: { start: x0, end: x1 }, y: { start: 0, end: shape.y }, z: { start: 0, end: shape.z } },
        { ...opts, hint: 'stream' },
      );
      columnBlock = { x0, x1, c, t, data };
    }
    const { x0, x1, data } = columnBlock;
    const bw = x1 - x0;
    const out = allocate(dtype, shape.y * shape.z);
    for (let i = 0, j = x - x0; i < out.length; i++, j += bw) out[i] = data[j];
    return out;
  };

  return {
    ...info,
    readBrick: (box, opts) => readBrick(box, opts),
    async readPlaneXY(z, opts = {}) {
      check('z', z, opts);
      // Whole xy planes are read in one pass by scans and viewers alike: keep them out of the
      // band cache, which serves the through-plane reads that revisit bands.
      return readBrick(
        { x: { start: 0, end: shape.x }, y: { start: 0, end: shape.y }, z: { start: z, end: z + 1 } },
        { ...opts, hint: 'stream' },
      );
    },
    async readPlaneXZ(y, opts = {}) {
      check('y', y, opts);
      return readBrick(
        { x: { start: 0, end: shape.x }, y: { start: y, end: y + 1 }, z: { start: 0, end: shape.z } },
        opts,
      );
    },
    readPlaneYZ,
    async close() {
      columnBlock = null;
      await source.close();
    },
  };
}
