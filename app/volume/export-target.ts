/**
 * Where an export lands, and who may be replaced there. An export never overwrites what is at
 * its output path unless asked (`force`), and even then only what an export could have made: a
 * file, or (formats 'zarr', 'ome-zarr-v2') a folder that is a Zarr store. A mistyped `--out ~/data --force`
 * must not delete a folder of someone's data. The result is written under a temp name
 * beside the target (`<out>.<host>.<pid>.<n>.part`, unique across the hosts of a shared
 * filesystem) and published whole: exclusively (a link, or a rename onto nothing) without
 * `force`, atomically over the old one with it.
 */
import { constants, existsSync, statSync } from 'node:fs';
import { access, link, lstat, rename, rm, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { VolumeError } from './errors.js';

/** What stands at the output path now. */
export type ExportTarget = 'absent' | 'file' | 'zarr-folder' | 'other-folder';

let counter = 0;

/** Formats whose output is a folder (a Zarr store): --force replaces only a Zarr store with one. */
export function isStoreFormat(format: string): boolean {
  return format === 'zarr' || format === 'ome-zarr-v2';
}

/** A fresh name beside `out` for the export in progress (never an existing path). */
export function partPath(out: string): string {
  const host = hostname().replace(/[^A-Za-z0-9_-]/g, '_') || 'host';
  return `${out}.${host}.${process.pid}.${counter++}.part`;
}

async function targetOf(out: string): Promise<ExportTarget> {
  let stats;
  try {
    stats = await lstat(out);
  } catch (cause) {
    // ENOTDIR: a file stands where a folder of the path should be; requireWritableFolder says so.
    const code = (cause as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'absent';
    throw new VolumeError('write-failed', `cannot check the output: ${(cause as Error).message}`, {
      file: out,
      cause,
    });
  }
  if (!stats.isDirectory()) return 'file';
  const isZarr = ['zarr.json', '.zgroup', '.zarray'].some((name) => existsSync(join(out, name)));
  return isZarr ? 'zarr-folder' : 'other-folder';
}

/**
 * Refuses an output whose folder is missing or not writable, before any work: the writer would
 * fail only at its temp file, with a raw errno naming the temp name.
 */
async function requireWritableFolder(out: string): Promise<void> {
  const folder = dirname(out);
  let stats;
  try {
    stats = statSync(folder, { throwIfNoEntry: false });
  } catch {
    stats = undefined; // ENOTDIR: a file higher up the path, so no such folder
  }
  if (!stats?.isDirectory()) {
    const problem = stats ? `${folder} is a file, not a folder` : `no such folder ${folder}`;
    throw new VolumeError('write-failed', `${problem}: create the folder first, or choose another output`, {
      file: out,
    });
  }
  try {
    await access(folder, constants.W_OK);
  } catch (cause) {
    throw new VolumeError(
      'write-failed',
      `cannot write in ${folder} (${String((cause as { code?: unknown }).code ?? cause)}): choose another output`,
      { file: out, cause },
    );
  }
}

/**
 * Refuses an output that exists, unless `force` and it is what this format may replace.
 * Call before any work, so a refusal costs nothing; `publishExport` checks again at the end.
 * @example await checkExportTarget('sr.ome.tif', 'ome-tiff', false) // throws VolumeError('exists') if the file exists
 */
export async function checkExportTarget(out: string, format: string, force: boolean): Promise<ExportTarget> {
  const target = await targetOf(out);
  if (target === 'absent') {
    await requireWritableFolder(out);
    return target;
  }
  if (!force)
    throw new VolumeError('exists', 'already exists: choose another output, or replace it with --force', {
      file: out,
    });
  const replaceable = target === 'file' || (target === 'zarr-folder' && isStoreFormat(format));
  if (!replaceable)
    throw new VolumeError(
      'exists',
      `is a folder that is not ${isStoreFormat(format) ? 'a Zarr store' : `a ${format} file`}: not replacing it, even with --force; choose another output`,
      { file: out },
    );
  return target;
}

/** Moves the finished `part` to `out`: only onto nothing without `force`; over a replaceable target with it. */
export async function publishExport(
  part: string,
  out: string,
  format: string,
  force: boolean,
): Promise<void> {
  const target = await checkExportTarget(out, format, force);
  const partIsFolder = (await lstat(part)).isDirectory();
  if (target === 'absent') {
    if (partIsFolder) return renameOntoNothing(part, out);
    // link() fails if `out` appeared meanwhile, where rename() would silently replace it.
    await link(part, out).catch((cause: unknown) => {
      throw exclusiveFailure(cause, out);
    });
    await unlink(part);
    return;
  }
  if (target === 'file' || !partIsFolder) {
    if (target === 'zarr-folder') await rm(out, { recursive: true });
    await rename(part, out);
    return;
  }
  // A folder cannot be renamed over a non-empty one: move the old store aside, then drop it.
  const old = partPath(`${out}.old`);
  await rename(out, old);
  await rename(part, out);
  await rm(old, { recursive: true, force: true });
}

async function renameOntoNothing(part: string, out: string): Promise<void> {
  try {
    await rename(part, out);
  } catch (cause) {
    throw exclusiveFailure(cause, out);
  }
}

function exclusiveFailure(cause: unknown, out: string): unknown {
  const code = (cause as { code?: unknown }).code;
  if (code === 'EEXIST' || code === 'ENOTEMPTY')
    return new VolumeError(
      'exists',
      'appeared while exporting: choose another output, or replace it with --force',
      {
        file: out,
        cause,
      },
    );
  return cause;
}
