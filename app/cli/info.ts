/** `isotrope info PATH`: what a stack is, its intensities, and optionally its MIPs as PNGs. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectionPng } from '../image/node.js';
import {
  describeVolume,
  openVolume,
  requireWritableFolder,
  scanStack,
  type IntensitySummary,
} from '../volume/index.js';
import type { Volume, VolumeDescription } from '../volume/index.js';
import { z } from 'zod';
import { flags, resolveSelection } from '../options/index.js';
import { parseOptions } from './options.js';
import { progressBar } from './progress.js';

/** `isotrope info`'s flags. */
export const InfoFlags = z.object({
  json: z.boolean().optional().register(flags, { help: 'print one JSON object on stdout' }),
  stats: z.boolean().optional().register(flags, {
    negate: true,
    help: 'skip the intensity scan (metadata only, instant on any size)',
  }),
  mip: z.string().optional().register(flags, {
    value: 'dir',
    help: 'write maximum-intensity projections along z, y and x as PNGs into <dir>',
  }),
  channel: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .register(flags, { value: 'c', help: 'channel to scan', default: '0' }),
  cacheMb: z.number().positive().optional().register(flags, {
    value: 'n',
    help: 'decoded-strip cache budget in MiB',
    default: '512',
  }),
});

/** The `--json` shape (the contract: path, format, shape, dtype, voxelSize, voxelSizeSource, compression, bytes). */
export interface InfoJson extends VolumeDescription {
  intensity?: IntensitySummary;
  mips?: string[];
}

export async function runInfo(path: string, bag: Record<string, unknown>): Promise<void> {
  const options = parseOptions(InfoFlags, bag);
  const volume = await openVolume(path, options.cacheMb ? { cacheBytes: options.cacheMb * 2 ** 20 } : {});
  // On stderr, so --json's stdout stays one object.
  for (const warning of volume.warnings ?? []) process.stderr.write(`warning: ${warning}\n`);
  try {
    const result: InfoJson = describeVolume(volume);
    // Before the scan: a --channel the stack lacks, or a --mip folder that cannot be written, fails at once.
    if (options.channel !== undefined)
      resolveSelection(String(options.channel), volume.shape.c, 'channel', '--channel');
    if (options.mip) await requireWritableFolder(options.mip, 'choose another --mip folder');
    if (options.stats !== false || options.mip) {
      const bar = progressBar({ label: 'scanning', unit: 'planes' });
      const { summary, mips } = await scanStack(volume, {
        c: options.channel ?? 0,
        onProgress: (d, t) => bar.update(d, t),
      });
      bar.finish();
      if (options.stats !== false) result.intensity = summary;
      if (options.mip) result.mips = writeMips(volume, mips, options.mip);
    }
    process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : formatInfo(result));
  } finally {
    await volume.close();
  }
}

function writeMips(
  v: Volume,
  mips: { x: Float32Array; y: Float32Array; z: Float32Array },
  dir: string,
): string[] {
  const { x: W, y: H, z: Z } = v.shape;
  const { x: sx, y: sy, z: sz } = v.voxelSize;
  const zScale = sx && sz ? sz / sx : 1;
  // For display: z stretched to true proportions by linear interpolation (no stair steps), and a
  // µm scale bar where the voxel size is known.
  const display = { rows: 'linear', rowScale: zScale } as const;
  const files = [
    ['mip-z.png', projectionPng(mips.z, W, H, { pixelUm: sx || undefined })],
    ['mip-y.png', projectionPng(mips.y, W, Z, { ...display, pixelUm: sx || undefined })],
    ['mip-x.png', projectionPng(mips.x, H, Z, { ...display, pixelUm: sy || sx || undefined })],
  ] as const;
  return files.map(([name, png]) => {
    const f = join(dir, name);
    writeFileSync(f, png);
    return f;
  });
}

const size = (n: number | null): string => (n === null ? '?' : String(Number(n.toPrecision(6))));

function bytesText(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]} (${n} bytes)`;
}

/**
 * One line per channel: its index, name and colour (the file's, else the defaults of channels.ts).
 * @example channelLines([{ name: 'vessels', color: '00FFFF' }]) // ["  channel 0    vessels  #00FFFF"]
 */
function channelLines(channels: InfoJson['channels']): string[] {
  const width = Math.max(0, ...channels.map((channel) => channel.name.length));
  return channels.map(
    (channel, index) => `  ${`channel ${index}`.padEnd(13)}${channel.name.padEnd(width)}  #${channel.color}`,
  );
}

export function formatInfo(r: InfoJson): string {
  const { shape: s, voxelSize: vs } = r;
  const lines = [
    r.path,
    `  format       ${r.format}`,
    `  shape        ${s.x} × ${s.y} × ${s.z} (x × y × z), ${s.c} channel${s.c === 1 ? '' : 's'}, ${s.t} time point${s.t === 1 ? '' : 's'} [${r.dimensionOrder}]`,
    ...channelLines(r.channels),
    `  dtype        ${r.dtype}`,
    `  voxel size   ${size(vs.x)} × ${size(vs.y)} × ${size(vs.z)} µm (from ${r.voxelSizeSource})`,
  ];
  if (vs.x && vs.z) lines.push(`  anisotropy   z / x = ${(vs.z / vs.x).toFixed(3)}`);
  lines.push(
    `  compression  ${r.compression}`,
    `  layout       ${r.layout}`,
    `  size         ${bytesText(r.bytes)}`,
  );
  if (r.intensity) {
    const i = r.intensity;
    const p = i.percentiles;
    lines.push(
      `  intensity    min ${i.min}  max ${i.max}  mean ${i.mean.toFixed(2)}  sd ${i.std.toFixed(2)}`,
      `  percentiles  0.1%: ${p['p0.1']}  1%: ${p.p1}  50%: ${p.p50}  99%: ${p.p99}  99.9%: ${p['p99.9']}`,
    );
  }
  for (const f of r.mips ?? []) lines.push(`  wrote        ${f}`);
  return `${lines.join('\n')}\n`;
}
