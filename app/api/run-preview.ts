/**
 * A run's 3D preview for the UI: the SR or bicubic block-mean volume assembled from the
 * per-unit partials (app/run/preview.ts), the shared contrast of both, and the finished
 * regions in preview voxels. Cached per run, rebuilt when the journal's unit count changes.
 * Runs from before bicubic partials existed get an all-NaN bicubic preview.
 */
import { resolve } from 'node:path';
import { readJournals } from '../run/journal.js';
import { readManifest, type RunManifest } from '../run/manifest.js';
import { assemblePreview, type PreviewGeometry } from '../run/preview.js';
import type { Box } from '../volume/types.js';
import { littleEndianBytes } from './little-endian.js';
import { sharedRange } from './mip-tiles.js';
import type { ImageSource, PreviewHeader } from './schemas.js';

interface RunPreview {
  units: number;
  manifest: RunManifest;
  geometry: PreviewGeometry;
  volumes: Record<ImageSource, Float32Array>;
  range: PreviewHeader['range'];
  doneBoxes: Box[];
}

/** An output box in preview voxels: every cell it touches. */
export function previewBox(box: Box, factor: number): Box {
  const span = (s: Box['x']) => ({ start: Math.floor(s.start / factor), end: Math.ceil(s.end / factor) });
  return { x: span(box.x), y: span(box.y), z: span(box.z) };
}

export class RunPreviews {
  private readonly cache = new Map<string, Promise<RunPreview>>();

  async read(runDir: string, source: ImageSource): Promise<{ header: PreviewHeader; data: Uint8Array }> {
    const p = await this.load(runDir);
    const v = p.manifest.output.voxelSize; const f = p.geometry.factor;
    const data = littleEndianBytes(p.volumes[source]);
    return {
      header: {
        runDir, source, dims: { ...p.geometry.dims }, factor: f, voxelSize: { x: v.x * f, y: v.y * f, z: v.z * f },
        range: p.range, doneBoxes: p.doneBoxes, dtype: 'float32', byteLength: data.byteLength, littleEndian: true,
        unitsDone: p.units, unitsTotal: p.manifest.grid.units,
      },
      data,
    };
  }

  private async load(runDir: string): Promise<RunPreview> {
    const key = resolve(runDir);
    const done = await readJournals(key);
    const cached = this.cache.get(key);
    if (cached) {
      const c = await cached.catch(() => undefined);
      if (c && c.units === done.size) return c;
    }
    const building = (async (): Promise<RunPreview> => {
      const manifest = await readManifest(key);
      const sr = await assemblePreview(key, manifest.grid, done.keys(), 'sr');
      const bicubic = await assemblePreview(key, manifest.grid, done.keys(), 'bicubic');
      const f = sr.geometry.factor;
      return {
        units: done.size, manifest, geometry: sr.geometry, volumes: { sr: sr.data, bicubic: bicubic.data },
        range: sharedRange(sr.data, bicubic.data),
        doneBoxes: [...done.values()].sort((a, b) => a.unit - b.unit).map((e) => previewBox(e.box, f)),
      };
    })();
    this.cache.set(key, building);
    building.catch(() => { if (this.cache.get(key) === building) this.cache.delete(key); });
    return building;
  }
}
