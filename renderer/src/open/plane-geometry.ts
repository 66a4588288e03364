/**
 * The orthogonal viewer's geometry, as pure functions on plain objects (niivue-style, apart
 * from the DOM): which plane each axis shows, how its z rows are stretched to true physical
 * aspect, which bin brings a plane to about screen resolution, where a click lands in the
 * volume.
 *
 * @example
 *   const stretch = zStretch({ xyPixel: 0.4, zStep: 1.6 });             // 4: a z row is drawn 4 px tall per x px
 *   const size = planeSize({ x: 2000, y: 2000, z: 2400 }, 'xz');      // { width: 2000, height: 2400 }
 *   const bin = chooseBin(size, { width: 600, height: 400 }, stretch); // 24
 */
import type { Axis } from '../../../app/api/contract.js';

export interface Size {
  width: number;
  height: number;
}
export interface Voxel {
  x: number;
  y: number;
  z: number;
}
export type Shape = Voxel;

/** Samples per row and rows of a plane: xy is X × Y, xz is X × Z, yz is Y × Z (z on rows, as the engine sends). */
export function planeSize(shape: Shape, axis: Axis): Size {
  if (axis === 'xy') return { width: shape.x, height: shape.y };
  if (axis === 'xz') return { width: shape.x, height: shape.z };
  return { width: shape.y, height: shape.z };
}

/** Which voxel coordinate a plane's index is (xy: z, xz: y, yz: x) and its count. */
export function planeIndexAxis(axis: Axis): keyof Voxel {
  return axis === 'xy' ? 'z' : axis === 'xz' ? 'y' : 'x';
}

/**
 * How much taller a z row is than an in-plane pixel: zStep / xyPixel. 1 when either is unknown
 * or not positive (then the plane is drawn square-voxelled rather than guessed).
 */
export function zStretch(voxel: { xyPixel: number | null; zStep: number | null }): number {
  const { xyPixel, zStep } = voxel;
  if (!xyPixel || !zStep || !(xyPixel > 0) || !(zStep > 0) || !Number.isFinite(zStep / xyPixel)) return 1;
  return zStep / xyPixel;
}

/** A plane's size on screen in physical proportion (xy unchanged; xz, yz rows × stretch), in sample units. */
export function physicalSize(size: Size, axis: Axis, stretch: number): Size {
  return axis === 'xy' ? size : { width: size.width, height: size.height * stretch };
}

/** The largest rectangle of the content's aspect that fits the box, centred; in the box's units. */
export function fitRect(box: Size, content: Size): { x: number; y: number; width: number; height: number } {
  if (!(content.width > 0 && content.height > 0 && box.width > 0 && box.height > 0))
    return { x: 0, y: 0, width: 0, height: 0 };
  const scale = Math.min(box.width / content.width, box.height / content.height);
  const width = content.width * scale;
  const height = content.height * scale;
  return { x: (box.width - width) / 2, y: (box.height - height) / 2, width, height };
}

/** The engine's largest bin (readPlaneBinned accepts 1…64). */
export const MAX_BIN = 64;

/**
 * The bin for readPlaneBinned that brings a plane to about screen resolution: the plane is
 * fitted into `view` (device pixels) at its physical aspect, and the bin is the number of
 * samples per screen pixel along the plane's rows, rounded down, so the image is never coarser
 * than the screen. 1 for planes smaller than the view; at most 64.
 */
export function chooseBin(plane: Size, view: Size, stretch = 1, axis: Axis = 'xy'): number {
  const shown = physicalSize(plane, axis, stretch);
  const fitted = fitRect(view, shown);
  if (fitted.width === 0) return 1;
  const samplesPerPixel = plane.width / fitted.width;
  return Math.min(MAX_BIN, Math.max(1, Math.floor(samplesPerPixel)));
}

/**
 * The voxel a click on a plane points at, from the click's fraction (0…1) across and down the
 * drawn image; the plane's own index gives the third coordinate. Clamped into the volume.
 */
export function voxelAt(
  axis: Axis,
  fraction: { fx: number; fy: number },
  shape: Shape,
  position: Voxel,
): Voxel {
  const size = planeSize(shape, axis);
  const col = clampIndex(Math.floor(fraction.fx * size.width), size.width);
  const row = clampIndex(Math.floor(fraction.fy * size.height), size.height);
  if (axis === 'xy') return { ...position, x: col, y: row };
  if (axis === 'xz') return { ...position, x: col, z: row };
  return { ...position, y: col, z: row };
}

/** Where the other two planes cross this one, as fractions (0…1, voxel centres) across and down. */
export function crosshairAt(axis: Axis, shape: Shape, position: Voxel): { fx: number; fy: number } {
  const size = planeSize(shape, axis);
  const [col, row] =
    axis === 'xy'
      ? [position.x, position.y]
      : axis === 'xz'
        ? [position.x, position.z]
        : [position.y, position.z];
  return { fx: (col + 0.5) / Math.max(1, size.width), fy: (row + 0.5) / Math.max(1, size.height) };
}

/** The centre voxel of a volume (where the viewer starts). */
export function centreOf(shape: Shape): Voxel {
  return { x: Math.floor(shape.x / 2), y: Math.floor(shape.y / 2), z: Math.floor(shape.z / 2) };
}

function clampIndex(i: number, n: number): number {
  return Math.min(Math.max(0, n - 1), Math.max(0, i));
}
