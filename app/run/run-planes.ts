/**
 * The (time point, channel) planes a run covers. Each plane is an ordinary single-channel run's
 * worth of units over the same grid; what differs is which input plane its bricks are read from
 * (`c`, `t`: input indices), where its chunks go in the store (`position`: along the store's own
 * c / t axes) and which model runs on it (its channel's). Planes are ordered t-major, c-minor,
 * as the store's axes are. The store has a c axis only when the input has several channels and a
 * t axis only when it has several time points, so a single-channel run keeps today's 3D store.
 */
import type { RunManifest } from './manifest.js';

/** What the manifest records (absent in manifests before issue 13: one plane, c 0, t 0). */
export interface RunPlanes {
  /** Input channels covered, ascending. */
  channels: number[];
  /** Input time points covered, ascending. */
  timepoints: number[];
  /** Whether the store has a c axis (input shape.c > 1) and a t axis (input shape.t > 1). */
  axes: { c: boolean; t: boolean };
}

export interface RunPlane {
  index: number;
  /** Input channel and time point. */
  c: number;
  t: number;
  /** Position along the store's c and t axes. */
  position: { c: number; t: number };
  /** File-name suffix of the plane's assembled MIPs and preview: '', '.c1', '.c1.t3', '.t3'. */
  suffix: string;
}

export const SINGLE_PLANE: RunPlanes = { channels: [0], timepoints: [0], axes: { c: false, t: false } };

export function recordedPlanes(manifest: Pick<RunManifest, 'planes'>): RunPlanes {
  return manifest.planes ?? SINGLE_PLANE;
}

/** Every plane of the run, in unit order. */
export function planesOf(manifest: Pick<RunManifest, 'planes'>): RunPlane[] {
  const { channels, timepoints, axes } = recordedPlanes(manifest);
  const planes: RunPlane[] = [];
  timepoints.forEach((t, ti) =>
    channels.forEach((c, ci) =>
      planes.push({
        index: planes.length,
        c,
        t,
        position: { c: ci, t: ti },
        suffix: `${axes.c ? `.c${c}` : ''}${axes.t ? `.t${t}` : ''}`,
      }),
    ),
  );
  return planes;
}

/** A channel the run covers as shown: its input index, and the name and colour the run recorded. */
export interface RunChannel {
  index: number;
  name: string;
  color: string;
}

/**
 * The run's channels in output order (position k along the store's c axis), with the names and
 * colours createRun recorded; a run without them (one channel, or older) gets C<k> in grey.
 */
export function runChannels(manifest: Pick<RunManifest, 'planes' | 'output'>): RunChannel[] {
  return recordedPlanes(manifest).channels.map((index, k) => ({
    index,
    name: manifest.output.channels?.[k]?.name ?? `C${index}`,
    color: manifest.output.channels?.[k]?.color ?? 'FFFFFF',
  }));
}

/** The plane of input channel c and time point t (default: the run's first of each); undefined when the run does not cover it. */
export function findPlane(
  manifest: Pick<RunManifest, 'planes'>,
  c?: number,
  t?: number,
): RunPlane | undefined {
  const planes = planesOf(manifest);
  const wantC = c ?? planes[0].c;
  const wantT = t ?? planes[0].t;
  return planes.find((p) => p.c === wantC && p.t === wantT);
}
