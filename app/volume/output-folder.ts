/**
 * Output folders that are created and checked before any work starts, and that cannot hang.
 *
 * Node 20's `mkdir(path, { recursive: true })` never returns for a path such as /proc/x: the
 * kernel answers ENOENT for the child although the parent exists, and libuv retries the parent
 * and the child forever. `makeDirectory` creates each missing folder with one plain mkdir, from
 * the deepest one that exists down, so any refusal is thrown at once.
 */
import { statSync } from 'node:fs';
import { mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { temporaryPath } from './durable-file.js';
import { fileProblem } from '../options/index.js';
import { VolumeError } from './errors.js';

function isMissing(cause: unknown): boolean {
  return (cause as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/** `path` and its ancestors that do not exist, top first (empty when `path` exists). */
async function missingFolders(path: string): Promise<string[]> {
  const missing: string[] = [];
  for (let at = resolve(path); !(await exists(at)); at = dirname(at)) {
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  return missing;
}

/** False only for "no such file": any other refusal (EACCES on a parent …) is mkdir's to report. */
async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (cause: unknown) => !isMissing(cause),
  );
}
function isFolderSync(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A folder that appeared meanwhile (another process made it) counts as made; else rethrows. */
function tolerateExisting(cause: unknown, folder: string): void {
  if ((cause as NodeJS.ErrnoException).code === 'EEXIST' && isFolderSync(folder)) return;
  throw cause;
}

/**
 * `mkdir -p` that fails promptly where a folder cannot be made, with Node's own error (code
 * ENOENT, EACCES, ENOTDIR …). A path that exists as a file throws EEXIST.
 * @returns the first folder it created, undefined when `path` already existed (as Node's mkdir)
 */
export async function makeDirectory(path: string): Promise<string | undefined> {
  const missing = await missingFolders(path);
  // An existing path still goes through mkdir, so a file there throws EEXIST.
  for (const folder of missing.length === 0 ? [resolve(path)] : missing)
    await mkdir(folder).catch((cause: unknown) => tolerateExisting(cause, folder));
  return missing[0];
}

/** The line for a folder that cannot be written, with what to do (e.g. "choose another --out"). */
function unwritable(path: string, cause: unknown, advice: string): VolumeError {
  return new VolumeError('write-failed', `cannot write this folder: ${fileProblem(cause)}: ${advice}`, {
    file: path,
    cause,
  });
}

/**
 * Creates `folder` if needed and proves a file can be written in it, before any work starts.
 * @throws VolumeError 'write-failed' "FOLDER: cannot write this folder: permission denied (EACCES): ADVICE"
 */
export async function requireWritableFolder(folder: string, advice: string): Promise<void> {
  const path = resolve(folder);
  try {
    await makeDirectory(path);
    const probe = temporaryPath(join(path, 'probe'));
    await writeFile(probe, '');
    await unlink(probe);
  } catch (cause) {
    throw unwritable(path, cause, advice);
  }
}
