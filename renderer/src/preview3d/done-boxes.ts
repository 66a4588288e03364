/**
 * The finished regions as a wireframe: each box (preview voxels, half-open) becomes its 12 edges,
 * two vertices each, in the volume's unit-box model space [-0.5, 0.5]³ — the space the ray-march
 * mesh uses, so the lines sit on the rendered data under the same scale.
 *
 * @example
 *   geometry.setAttribute('position', new BufferAttribute(boxEdgeVertices(header.doneBoxes, header.dims), 3));
 */
import type { Box } from '../../../app/api/contract.js';
import type { Dims } from './ray-march.js';

/** Vertex pairs of the 12 edges of the cube corners 0…7 (bit 0: x, bit 1: y, bit 2: z). */
const EDGES = [
  [0, 1],
  [2, 3],
  [4, 5],
  [6, 7],
  [0, 2],
  [1, 3],
  [4, 6],
  [5, 7],
  [0, 4],
  [1, 5],
  [2, 6],
  [3, 7],
];

/** 12 × 2 × 3 floats per box. Empty boxes are skipped. */
export function boxEdgeVertices(boxes: readonly Box[], dims: Dims): Float32Array {
  const kept = boxes.filter((b) => b.x.end > b.x.start && b.y.end > b.y.start && b.z.end > b.z.start);
  const out = new Float32Array(kept.length * EDGES.length * 6);
  let o = 0;
  for (const b of kept) {
    const corner = (k: number): [number, number, number] => [
      (k & 1 ? b.x.end : b.x.start) / dims.x - 0.5,
      (k & 2 ? b.y.end : b.y.start) / dims.y - 0.5,
      (k & 4 ? b.z.end : b.z.start) / dims.z - 0.5,
    ];
    for (const [a, c] of EDGES) {
      out.set(corner(a), o);
      out.set(corner(c), o + 3);
      o += 6;
    }
  }
  return out;
}

/** The whole volume's outline (a dim frame shown while nothing has finished). */
export function wholeBox(dims: Dims): Box {
  return { x: { start: 0, end: dims.x }, y: { start: 0, end: dims.y }, z: { start: 0, end: dims.z } };
}
