/**
 * Where training and runs write unless the user says otherwise: next to the input, named after
 * its stem, so a model and its runs sit beside the stack they came from. Pure string work on
 * POSIX or Windows paths (the renderer has no `path` module).
 *
 * @example
 *   defaultModelDir('/data/brain.ome.tif');  // '/data/brain-model'
 *   defaultRunDir('C:\\data\\brain.tif');    // 'C:\\data\\brain-run'
 */

/** The folder holding `path` and the name of the file or folder itself (trailing separators ignored). */
export function splitPath(path: string): { dir: string; name: string; sep: string } {
  const sep = path.includes('\\') && !path.includes('/') ? '\\' : '/';
  const trimmed = path.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return { dir: cut < 0 ? '.' : trimmed.slice(0, cut) || sep, name: trimmed.slice(cut + 1), sep };
}

/** A stack's name without its TIFF / OME / Zarr extension. */
export function stemOf(path: string): string {
  return splitPath(path).name.replace(/(\.ome)?\.(tiff?|zarr)$/i, '') || 'volume';
}

function beside(path: string, suffix: string): string {
  const { dir, sep } = splitPath(path);
  return `${dir === sep ? '' : dir}${sep}${stemOf(path)}-${suffix}`;
}

/** `<input dir>/<stem>-model`. */
export function defaultModelDir(inputPath: string): string {
  return beside(inputPath, 'model');
}

/** `<input dir>/<stem>-run`. */
export function defaultRunDir(inputPath: string): string {
  return beside(inputPath, 'run');
}
