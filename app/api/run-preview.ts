/**
 * A run's 3D preview for the UI: the SR or bicubic block-mean volume assembled from the
 * per-unit partials, the shared contrast of both, and the finished regions in preview voxels.
 * The 3D view asks again after every previewUpdated, so each run's assemblies are kept and
 * only the units journaled since the last call are folded in (app/run/preview-assembly.ts,
 * the same bits as a full assembly). Runs from before bicubic partials existed get an all-NaN
 * bicubic preview.
 */
import { resolve } from 'node:path';
import {
  findPlane,
  readJournals,
  readManifest,
  unitOf,
  type RunManifest,
  type RunPlane,
  disagreementPreview,
  PreviewAssembly,
} from '../run/index.js';
import { ApiError } from './errors.js';
import type { Box } from '../volume/index.js';
import { littleEndianBytes } from './little-endian.js';
import { sharedRange } from '../image/index.js';
import type { ImageSource, PreviewHeader, RunImage } from './schemas.js';

/**
 * Planes (a run's channel × time point) whose assemblies are kept (least recently read dropped
 * first). Each holds float64 sums and float32 means of both sources, about 250 MB at
 * 256×256×154, and the UI shows one run at a time; 4 keeps a two-channel composite, or switching
 * between two single-channel runs, cheap.
 */
const KEPT_RUNS = 4;

interface RunPreview {
  manifest: RunManifest;
  plane: RunPlane;
  /** Units journaled in the whole run (every plane): what unitsDone reports. */
  journaled: number;
  assemblies: Record<ImageSource, PreviewAssembly>;
  /** Shared by SR and bicubic. */
  range: PreviewHeader['range'];
  /**
   * The disagreement's (runs with a confidence map), made on its first read and kept up to date
   * from then on; its own range (its colour map).
   */
  disagreement?: { assembly: PreviewAssembly; range: PreviewHeader['range'] };
  doneBoxes: Box[];
}

/** An output box in preview voxels: every cell it touches. */
export function previewBox(box: Box, factor: number): Box {
  const span = (s: Box['x']) => ({ start: Math.floor(s.start / factor), end: Math.ceil(s.end / factor) });
  return { x: span(box.x), y: span(box.y), z: span(box.z) };
}

export class RunPreviews {
  /** Per run, the latest state: each call chains onto the one before, so updates never overlap. */
  private readonly cache = new Map<string, Promise<RunPreview>>();

  /** The preview of input channel c, time point t (default: the run's first). */
  async read(
    runDir: string,
    source: RunImage,
    plane: { c?: number; t?: number } = {},
  ): Promise<{ header: PreviewHeader; data: Uint8Array }> {
    const p = await this.load(runDir, plane, source === 'disagreement');
    const assembly = source === 'disagreement' ? p.disagreement?.assembly : p.assemblies[source];
    if (!assembly)
      throw new ApiError(
        'bad-request',
        'readPreview: this run has no disagreement map (it ran one orientation, or with --no-confidence)',
      );
    const v = p.manifest.output.voxelSize;
    const f = assembly.geometry.factor;
    const data = littleEndianBytes(assembly.data);
    return {
      header: {
        runDir,
        source,
        dims: { ...assembly.geometry.dims },
        factor: f,
        voxelSize: { x: v.x * f, y: v.y * f, z: v.z * f },
        range: source === 'disagreement' ? (p.disagreement?.range ?? null) : p.range,
        doneBoxes: p.doneBoxes,
        dtype: 'float32',
        byteLength: data.byteLength,
        littleEndian: true,
        unitsDone: p.journaled,
        unitsTotal: p.manifest.grid.units,
        ...(p.manifest.planes ? { c: p.plane.c, t: p.plane.t } : {}),
      },
      data,
    };
  }

  private load(
    runDir: string,
    plane: { c?: number; t?: number },
    withDisagreement = false,
  ): Promise<RunPreview> {
    const dir = resolve(runDir);
    const key = `${dir}\0${plane.c ?? ''}\0${plane.t ?? ''}`;
    const previous = this.cache.get(key);
    const next = (async (): Promise<RunPreview> => {
      const kept = await previous?.catch(() => undefined);
      const done = await readJournals(dir);
      const p = kept && kept.assemblies.sr.within(done) ? kept : await fresh(resolve(runDir), plane);
      const added =
        (await p.assemblies.sr.update(done.keys())) + (await p.assemblies.bicubic.update(done.keys()));
      if (withDisagreement && !p.disagreement) {
        const assembly = disagreementPreview(dir, p.manifest, p.plane.index);
        if (assembly) p.disagreement = { assembly, range: null };
      }
      if (p.disagreement && (await p.disagreement.assembly.update(done.keys())) > 0)
        p.disagreement.range = sharedRange(p.disagreement.assembly.data, []);
      p.journaled = [...done.keys()].filter((id) => id < p.manifest.grid.units).length;
      if (added > 0 || p !== kept) {
        p.range = sharedRange(p.assemblies.sr.data, p.assemblies.bicubic.data);
        const f = p.assemblies.sr.geometry.factor;
        p.doneBoxes = [...done.values()]
          .filter(
            (e) => e.unit < p.manifest.grid.units && unitOf(p.manifest.grid, e.unit).plane === p.plane.index,
          )
          .sort((a, b) => a.unit - b.unit)
          .map((e) => previewBox(e.box, f));
      }
      return p;
    })();
    this.cache.delete(key);
    this.cache.set(key, next);
    next.catch(() => {
      if (this.cache.get(key) === next) this.cache.delete(key);
    });
    for (const old of [...this.cache.keys()].slice(0, Math.max(0, this.cache.size - KEPT_RUNS)))
      this.cache.delete(old);
    return next;
  }
}

/** A run's empty assemblies (nothing folded in yet). */
async function fresh(runDir: string, wanted: { c?: number; t?: number }): Promise<RunPreview> {
  const manifest = await readManifest(runDir);
  const plane = findPlane(manifest, wanted.c, wanted.t);
  if (!plane)
    throw new ApiError(
      'bad-request',
      `readPreview: the run does not cover channel ${wanted.c ?? 0}, time point ${wanted.t ?? 0}`,
    );
  return {
    manifest,
    plane,
    journaled: 0,
    range: null,
    doneBoxes: [],
    assemblies: {
      sr: new PreviewAssembly(runDir, manifest.grid, 'sr', plane.index),
      bicubic: new PreviewAssembly(runDir, manifest.grid, 'bicubic', plane.index),
    },
  };
}
