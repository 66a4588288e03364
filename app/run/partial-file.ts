/**
 * Reading a unit's partial (MIP or preview sums): a missing file means "no partial yet" (the
 * unit is not done, or a run from before bicubic partials); any other failure (EIO, EISDIR,
 * EACCES) is a real problem with the run directory and surfaces as a tagged error naming the
 * file, instead of silently showing that unit as not computed.
 */
import { readFile } from 'node:fs/promises';
import { RunError } from './errors.js';

/**
 * The partial's bytes; undefined only when the file does not exist.
 * @example const bytes = await readPartial(mipFile(runDir, 3), 'MIP partial')
 */
export async function readPartial(file: string, what: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (cause) {
    if ((cause as { code?: unknown }).code === 'ENOENT') return undefined;
    throw new RunError('bad-input', `cannot read this ${what}: ${(cause as Error).message}`, { file, cause });
  }
}
