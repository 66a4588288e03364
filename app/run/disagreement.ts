/**
 * The confidence map (issue 18): where the two through-plane orientations disagree, the fused
 * result deserves less trust. A run with `params.confidence` writes, per voxel, |xz − yz| / 2
 * (stack units) as a second NGFF image, a child group of the SR store
 * (`output.zarr/disagreement`, which NGFF allows beside the root's own multiscales), on the same
 * grid, chunks, planes and dtype as the SR volume: the disagreement is in the SR's intensity
 * units, and a difference finer than the SR's own quantisation says nothing the SR could show
 * (float32 would double an integer run's bytes; even so the noise-like map compresses worse
 * than the SR: +63 % of output.zarr on the bundled sample, README). Its chunks and MIP partial
 * are written with the unit's, before its journal line, so resume and shards give the same
 * bytes as an uninterrupted run. No 3D-preview partial: the float64 per-unit sums would add
 * more than half again to the run directory (121 MB on the bundled sample) and most of the
 * map's run-time cost (test/bench/confidence.ts); `disagreementPreview` sums the 3D view's
 * block means from the store's chunks instead, when the UI first asks.
 */
import { join } from 'node:path';
import { toOutputDtype } from './convert.js';
import { extendPyramid } from './live-pyramid.js';
import type { RunManifest } from './manifest.js';
import { projectSlab, writeUnitDisagreementMips } from './mips.js';
import { omeZarrFactory, storeSpecOf } from './output-store.js';
import { PreviewAssembly } from './preview-assembly.js';
import { previewGeometry, unitPreviewSums } from './preview.js';
import { planesOf } from './run-planes.js';
import { unitOf } from './unit-grid.js';
import type { OutputStore, PlanePosition, StoreFactory } from './output-store.js';
import type { Box } from '../volume/index.js';
import type { Dims } from './unit-grid.js';

/** The disagreement image's folder inside the run's store. */
export const DISAGREEMENT_IMAGE = 'disagreement';

/** Whether the run writes the disagreement map. */
export function hasConfidence(manifest: RunManifest): boolean {
  // Optional chaining: hand-written manifests of tests and old tools may carry no params.
  return manifest.params?.confidence === true;
}

/** RUN_DIR/output.zarr/disagreement. */
export function disagreementStorePath(runDir: string, manifest: RunManifest): string {
  return join(runDir, manifest.output.store, DISAGREEMENT_IMAGE);
}

/** Creates (or reopens) the disagreement store with the SR store's spec; null when the run has none. */
export async function createDisagreementStore(
  factory: StoreFactory,
  runDir: string,
  manifest: RunManifest,
): Promise<OutputStore | null> {
  if (!hasConfidence(manifest)) return null;
  // The SR store's own spec, layout included: a sharded run's map is sharded too.
  return factory.create(disagreementStorePath(runDir, manifest), storeSpecOf(manifest));
}

/** Opens the disagreement store of a run that has one (else null). */
export async function openDisagreementStore(
  factory: StoreFactory,
  runDir: string,
  manifest: RunManifest,
): Promise<OutputStore | null> {
  return hasConfidence(manifest) ? factory.open(disagreementStorePath(runDir, manifest)) : null;
}

/** What a unit writes of its disagreement: chunks, MIP partial, live pyramid. */
export interface UnitDisagreement {
  id: number;
  box: Box;
  dims: Dims;
  values: Float32Array;
  position: PlanePosition;
  /** Units done including this one (for the live pyramid). */
  done: ReadonlySet<number>;
}

/** Writes a unit's disagreement (call before its journal line). */
export async function writeUnitDisagreement(
  runDir: string,
  manifest: RunManifest,
  store: OutputStore,
  u: UnitDisagreement,
): Promise<void> {
  await store.writeBox(0, u.box, toOutputDtype(u.values, manifest.output.dtype), u.position);
  await writeUnitDisagreementMips(runDir, u.id, projectSlab(u.values, u.dims));
  await extendPyramid(store, manifest.grid, u.done, u.id, u.position);
}

/**
 * The disagreement's 3D preview (block means, as the SR's), kept up to date like the SR's but
 * summed from the store's chunks rather than partial files (a run writes none for it): each
 * unit's box is read once, when it is first folded in. Null when the run has no confidence map.
 */
export function disagreementPreview(
  runDir: string,
  manifest: RunManifest,
  plane: number,
): PreviewAssembly | null {
  if (!hasConfidence(manifest)) return null;
  const geometry = previewGeometry(manifest.grid.shape);
  const position = manifest.planes ? planesOf(manifest)[plane].position : undefined;
  let store: Promise<OutputStore> | undefined;
  const sumsOf = async (id: number): Promise<Float64Array> => {
    store ??= omeZarrFactory.open(disagreementStorePath(runDir, manifest));
    const { box } = unitOf(manifest.grid, id);
    const values = Float32Array.from(await (await store).readBox(0, box, position));
    const dims = { x: box.x.end - box.x.start, y: box.y.end - box.y.start, z: box.z.end - box.z.start };
    return unitPreviewSums(values, dims, box.y.start, box.z.start, geometry);
  };
  return new PreviewAssembly(runDir, manifest.grid, 'sr', plane, sumsOf);
}
