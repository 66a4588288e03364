/**
 * How numbers read in the UI: durations (ETA), throughput, byte sizes, a volume's shape.
 * Pure, so the wording is tested once and every screen says it the same way.
 */
import type { VolumeInfo } from '../../../app/api/contract.js';

/** A duration as `45 s`, `12 min 05 s`, `3 h 07 min`, `2 d 04 h`; `—` when unknown (null, NaN, negative). */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
  return `${Math.floor(s / 86_400)} d ${pad(Math.floor((s % 86_400) / 3600))} h`;
}

const SI = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
] as const;

/** A rate with an SI prefix and three significant digits, e.g. `1.23 M voxels/s`; `—` when unknown. */
export function formatRate(perSecond: number | null | undefined, unit: string): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond) || perSecond < 0)
    return '—';
  for (const [scale, prefix] of SI) {
    if (perSecond >= scale) return `${(perSecond / scale).toPrecision(3)} ${prefix} ${unit}/s`;
  }
  return `${perSecond < 10 ? perSecond.toFixed(1) : Math.round(perSecond)} ${unit}/s`;
}

/** Bytes in binary units, e.g. `8 MiB`, `4.4 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let k = 0;
  while (v >= 1024 && k < units.length - 1) {
    v /= 1024;
    k++;
  }
  return `${k === 0 || v >= 100 || Number.isInteger(v) ? Math.round(v) : v.toPrecision(3)} ${units[k]}`;
}

/** A volume's shape as `X × Y × Z` (with spaces around the multiplication sign). */
export function formatShape(shape: { x: number; y: number; z: number }): string {
  return `${shape.x} × ${shape.y} × ${shape.z}`;
}

/** Percent (0…100, one decimal at most) of done over total; 0 when the total is 0. */
export function percent(done: number, total: number): number {
  if (!(total > 0)) return 0;
  return Math.round(Math.min(1, Math.max(0, done / total)) * 1000) / 10;
}

const PROFILE_SOURCE = { 'ome-xml': 'OME-XML', estimate: 'estimated' } as const;

/**
 * The slice FWHM training takes when the user gives none, if the stack records one (e.g. a
 * sample's OME-XML): its value in µm and where it comes from. Null: training takes the z step.
 */
export function recordedFwhm(profile: VolumeInfo['sliceProfile']): { um: number; source: string } | null {
  if (profile?.axialFwhm === null || profile?.axialFwhm === undefined) return null;
  return { um: profile.axialFwhm, source: PROFILE_SOURCE[profile.source] };
}
