/**
 * `isotrope compare RUN_DIR [--out DIR]`: for the MIPs along z, y and x, SR and bicubic side
 * by side under one contrast and their difference (app/image/comparison.ts, the renderer the
 * UI's "Export PNG" draws with too, with µm scale bars), plus each MIP alone. Assembled from the
 * per-unit partials, so it also works on a run still in progress (regions not yet computed are
 * black). A run of several channels or time points writes them per plane, suffixed as its
 * MIPs are (compare-y.c1.png), and for each time point a composite of the channels in their
 * colours (composite-sr-y.png, composite-bicubic-y.png; each channel under its own SR/bicubic contrast).
 */
import { basename, join, resolve } from 'node:path';
import { compareImages, projectionPng, rasterPng } from '../image/node.js';
import { figureTitle, mipPixels, renderCompositeFigure, sharedRange, type MipAxis } from '../image/index.js';
import { makeDirectory, writeDurable } from '../volume/index.js';
import { fileProblem, RunError } from './errors.js';
import { readJournals } from './journal.js';
import { readManifest } from './manifest.js';
import { AXES, assembleMips } from './mips.js';
import { planesOf, runChannels, type RunPlane } from './run-planes.js';
import type { RunManifest } from './manifest.js';

type Mips = Awaited<ReturnType<typeof assembleMips>>;

/** The names a run's figure titles use (isotrope compare's, and mipInfo's for the UI's export). */
export interface FigureNames {
  /** The stack's file name. */
  input: string;
  /** The model folder's name of each covered channel, by position. */
  models: string[];
  /** Whether the input has a channel axis (titles name the channel) and a time axis (the time point). */
  axes: { c: boolean; t: boolean };
}

export function figureNames(manifest: RunManifest): FigureNames {
  const models = runChannels(manifest).map((_, k) =>
    basename((manifest.channelModels?.[k] ?? manifest.model).source),
  );
  return {
    input: basename(manifest.input.path),
    models,
    axes: { c: manifest.planes?.axes.c ?? false, t: manifest.planes?.axes.t ?? false },
  };
}

/**
 * The title of a plane's figures along `axis`: the stack's and the model's file names, the
 * channel's name (runs of several channels) and the time point (time-lapse runs), the projection.
 * @example comparisonTitle(manifest, plane, 'y') // ['brain.tif', 'model brain-model', 'y MIP (xz)']
 */
export function comparisonTitle(manifest: RunManifest, plane: RunPlane, axis: MipAxis): string[] {
  const names = figureNames(manifest);
  const subject = {
    stack: names.input,
    model: names.models[plane.position.c],
    channel: names.axes.c ? runChannels(manifest)[plane.position.c].name : undefined,
    t: names.axes.t ? plane.t : undefined,
  };
  return figureTitle(subject, axis, mipPixels(manifest.output.voxelSize, axis));
}

/**
 * The title of a time point's channel composites along `axis`: the stack, its models, the
 * channels blended (in the run's order), the time point (time-lapse runs), the projection.
 * @example compositeTitle(manifest, plane, 'y') // ['brain.tif', 'model m', 'channels vessels + nuclei', 'y MIP (xz)']
 */
export function compositeTitle(manifest: RunManifest, plane: RunPlane, axis: MipAxis): string[] {
  const names = figureNames(manifest);
  const subject = {
    stack: names.input,
    model: [...new Set(names.models)].join(' + '),
    channels: runChannels(manifest).map((channel) => channel.name),
    t: names.axes.t ? plane.t : undefined,
  };
  return figureTitle(subject, axis, mipPixels(manifest.output.voxelSize, axis));
}

export interface CompareResult {
  files: string[];
  unitsDone: number;
  unitsTotal: number;
}

export async function compareRun(runDir: string, options: { out?: string } = {}): Promise<CompareResult> {
  const manifest = await readManifest(runDir);
  const done = await readJournals(runDir);
  const out = resolve(options.out ?? join(runDir, 'compare'));
  await makeDirectory(out).catch((cause: unknown) => {
    throw new RunError('unwritable', `cannot make the folder: ${fileProblem(cause)}: choose another --out`, {
      file: out,
      cause,
    });
  });
  const files: string[] = [];
  const write = async (name: string, png: Buffer): Promise<void> => {
    const file = join(out, name);
    await writeDurable(file, png);
    files.push(file);
  };
  const planes = planesOf(manifest);
  for (const t of new Set(planes.map((p) => p.t))) {
    // One time point's channels are held together for their composite (a few MIPs each).
    const channels: { plane: RunPlane; mips: Mips }[] = [];
    for (const plane of planes.filter((p) => p.t === t)) {
      const mips = await assembleMips(runDir, manifest.grid, done.keys(), plane.index);
      await writePlane(mips, plane);
      channels.push({ plane, mips });
    }
    if (channels.length > 1) await writeComposites(channels);
  }
  return { files, unitsDone: done.size, unitsTotal: manifest.grid.units };

  /** The SR and bicubic MIPs of a time point's channels, additively blended in their colours. */
  async function writeComposites(channels: { plane: RunPlane; mips: Mips }[]): Promise<void> {
    const suffix = manifest.planes?.axes.t ? `.t${channels[0].plane.t}` : '';
    const colors = runChannels(manifest).map((channel) => channel.color);
    for (const axis of AXES) {
      const { width, height } = channels[0].mips.sr[axis];
      for (const name of ['sr', 'bicubic'] as const) {
        const layers = channels.map(({ plane, mips }) => ({
          data: mips[name][axis].data,
          color: colors[plane.position.c],
          range: sharedRange(mips.sr[axis].data, mips.bicubic[axis].data) ?? { lo: 0, hi: 1 },
        }));
        const pixels = mipPixels(manifest.output.voxelSize, axis);
        const { figure } = renderCompositeFigure(layers, width, height, {
          pixelUm: pixels.columnUm,
          rowScale: pixels.rowAspect,
          name: name === 'sr' ? 'SR' : 'BICUBIC',
          axes: pixels,
          title: compositeTitle(manifest, channels[0].plane, axis),
        });
        await write(`composite-${name}-${axis}${suffix}.png`, rasterPng(figure));
      }
    }
  }

  async function writePlane(mips: Mips, plane: RunPlane): Promise<void> {
    const suffix = plane.suffix;
    for (const axis of AXES) {
      const sr = mips.sr[axis];
      const bicubic = mips.bicubic[axis];
      const pixels = mipPixels(manifest.output.voxelSize, axis);
      const figure = compareImages(sr.data, bicubic.data, sr.width, sr.height, {
        pixelUm: pixels.columnUm,
        rowScale: pixels.rowAspect,
        axes: pixels,
        title: comparisonTitle(manifest, plane, axis),
      });
      await write(`compare-${axis}${suffix}.png`, figure.sideBySide);
      await write(`difference-${axis}${suffix}.png`, figure.difference);
    }
    for (const name of ['sr', 'bicubic'] as const) {
      for (const axis of AXES) {
        const projection = mips[name][axis];
        await write(
          `mip-${name}-${axis}${suffix}.png`,
          projectionPng(projection.data, projection.width, projection.height),
        );
      }
    }
  }
}
