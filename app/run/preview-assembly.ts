/**
 * A run's preview kept up to date as units finish: `update(done)` reads the partials of only
 * the units not folded in yet, and the result is bit for bit what assemblePreview gives for the
 * same units, whatever order they finished in.
 *
 * Why that holds: assemblePreview adds each cell's partial sums in unit-id order (float64
 * addition is not associative, so the order fixes the bits). A unit covers whole rows of cells
 * (all of x; a band of cell rows in y and z), so per cell row we keep the highest unit id added.
 * New units are taken in id order; in a row where each is above every id already added it is
 * simply added, and the row's sum stays in id order. A row where a new unit sorts before one
 * already added (shards finishing out of step, a resume) is summed again from zero over its done
 * units in id order: only those rows, so only those units' partials are read again.
 *
 * @example
 *   const preview = new PreviewAssembly(runDir, manifest.grid, 'sr');
 *   await preview.update((await readJournals(runDir)).keys()); // every partial, once
 *   await preview.update((await readJournals(runDir)).keys()); // later: only the new units
 *   preview.data; // Float32Array, x fastest, NaN where nothing is done
 */
import {
  previewGeometry,
  readUnitPreview,
  touchedCells,
  type PreviewGeometry,
  type PreviewSource,
} from './preview.js';
import { unitOf, unitsOfPlane, type UnitGrid } from './unit-grid.js';

/** Where a unit's partial sums come from (default: its preview partial file); undefined: none. */
export type UnitSums = (id: number) => Promise<Float64Array | undefined>;

export class PreviewAssembly {
  readonly geometry: PreviewGeometry;
  /**
   * The block means (float32, x fastest, NaN where nothing is done). Every update that changes
   * something replaces it with a new array, so arrays handed out before (replies still being
   * sent) never change under their reader.
   */
  data: Float32Array;
  private readonly folded = new Set<number>();
  /** Per-cell sums in float64, as assemblePreview adds them before dividing. */
  private readonly total: Float64Array;
  /** Per cell row (index k · dims.y + j for y cell j, z cell k): the highest unit id added, −1 while none. */
  private readonly lastUnit: Int32Array;

  constructor(
    private readonly runDir: string,
    private readonly grid: UnitGrid,
    private readonly source: PreviewSource = 'sr',
    /** The plane (run-planes.ts) assembled: units of other planes are ignored. */
    private readonly plane = 0,
    /** Another source of the sums (the disagreement's, computed from its store: disagreement.ts). */
    private readonly sumsOf?: UnitSums,
  ) {
    this.geometry = previewGeometry(grid.shape);
    const { x, y, z } = this.geometry.dims;
    this.total = new Float64Array(x * y * z);
    this.data = new Float32Array(x * y * z).fill(NaN);
    this.lastUnit = new Int32Array(y * z).fill(-1);
  }

  /** How many units are folded in. */
  get units(): number {
    return this.folded.size;
  }

  /** Whether every folded unit is in `done` (false: the run directory was replaced; start a new assembly). */
  within(done: ReadonlySet<number> | ReadonlyMap<number, unknown>): boolean {
    for (const id of this.folded) if (!done.has(id)) return false;
    return true;
  }

  /** Folds in the units of `done` not folded yet; returns how many were new. Calls must not overlap. */
  async update(done: Iterable<number>): Promise<number> {
    const fresh = unitsOfPlane(this.grid, this.plane, new Set(done)).filter((id) => !this.folded.has(id));
    if (fresh.length === 0) return 0;
    const rows = this.lastUnit.length;
    const X = this.geometry.dims.x;
    const touched = new Uint8Array(rows);
    const redo = new Uint8Array(rows);
    // Before any change, so a unit outside the grid throws with the sums untouched.
    const freshRows = fresh.map((id) => this.rowsOf(id));
    fresh.forEach((id, n) => {
      for (const r of freshRows[n]) {
        touched[r] = 1;
        if (id < this.lastUnit[r]) redo[r] = 1;
      }
    });
    let redoing = false;
    for (let r = 0; r < rows; r++)
      if (redo[r]) {
        this.total.fill(0, r * X, (r + 1) * X);
        this.lastUnit[r] = -1;
        redoing = true;
      }
    const again = redoing ? [...this.folded].filter((id) => this.rowsOf(id).some((r) => redo[r] === 1)) : [];
    const isFresh = new Set(fresh);
    for (const id of [...again, ...fresh].sort((a, b) => a - b)) {
      const sums = await (this.sumsOf ? this.sumsOf(id) : readUnitPreview(this.runDir, id, this.source));
      if (!sums) continue;
      this.rowsOf(id).forEach((r, n) => {
        if (!isFresh.has(id) && !redo[r]) return;
        for (let i = 0, t = r * X, s = n * X; i < X; i++) this.total[t + i] += sums[s + i];
        this.lastUnit[r] = id;
      });
    }
    for (const id of fresh) this.folded.add(id);
    this.data = this.divided(touched);
    return fresh.length;
  }

  /** The unit's cell rows, in the order of its partial (y cells fastest, then z). */
  private rowsOf(id: number): number[] {
    const { box } = unitOf(this.grid, id);
    const f = this.geometry.factor;
    const Y = this.geometry.dims.y;
    const cy = touchedCells(box.y.start, box.y.end, f);
    const cz = touchedCells(box.z.start, box.z.end, f);
    const out: number[] = [];
    for (let k = 0; k < cz.count; k++)
      for (let j = 0; j < cy.count; j++) out.push((cz.first + k) * Y + cy.first + j);
    return out;
  }

  /** A copy of `data` with the `touched` rows divided again (the same expression as assemblePreview). */
  private divided(touched: Uint8Array): Float32Array {
    const out = this.data.slice();
    const { factor: f, dims } = this.geometry;
    const shape = this.grid.shape;
    const span = (c: number, n: number): number => Math.min(n, (c + 1) * f) - c * f;
    for (let r = 0; r < touched.length; r++) {
      if (!touched[r]) continue;
      const j = r % dims.y;
      const k = Math.floor(r / dims.y);
      for (let i = 0, t = r * dims.x; i < dims.x; i++, t++) {
        out[t] =
          this.lastUnit[r] >= 0
            ? this.total[t] / (span(i, shape.x) * span(j, shape.y) * span(k, shape.z))
            : NaN;
      }
    }
    return out;
  }
}
