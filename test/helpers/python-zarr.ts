/**
 * Debian's python3-zarr (2.13, a Zarr v2 reader independent of ours) reading a Zarr v2 store:
 * every level of its multiscales dumped as raw little-endian C-order bytes, plus what it makes of
 * the metadata. Debian's interpreter, /usr/bin/python3, not whatever python3 is first on PATH.
 * Never a v3 store: zarr 2.13's v3 mode overwrote zarr.json even opened read-only (FACTS).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PYTHON = '/usr/bin/python3';

/** Why python-zarr cannot be used here, or undefined when it can; CI (ISOTROPE_PYZARR_REQUIRED=1) fails instead. */
export function pythonZarrUnavailable(): string | undefined {
  const probe = existsSync(PYTHON)
    ? spawnSync(PYTHON, ['-c', 'import zarr, numpy'], { encoding: 'utf8' })
    : undefined;
  if (probe?.status === 0) return undefined;
  const reason = `no python3-zarr for ${PYTHON} (apt-get install python3-zarr)`;
  if (process.env.ISOTROPE_PYZARR_REQUIRED === '1')
    throw new Error(`python-zarr tests required but: ${reason}`);
  return reason;
}

export interface PythonZarrLevel {
  path: string;
  shape: number[];
  chunks: number[];
  dtype: string;
  compressor: Record<string, unknown>;
  /** The level's samples, C order, little-endian. */
  bytes: Buffer;
}

export interface PythonZarrRead {
  attrs: Record<string, unknown>;
  levels: PythonZarrLevel[];
}

const SCRIPT = `
import json, sys, zarr, numpy as np
store, dump = sys.argv[1], sys.argv[2]
group = zarr.open_group(store, mode="r")
attrs = group.attrs.asdict()
levels = []
for k, dataset in enumerate(attrs["multiscales"][0]["datasets"]):
    array = group[dataset["path"]]
    data = array[...]
    np.ascontiguousarray(data, dtype=data.dtype.newbyteorder("<")).tofile(f"{dump}/{k}.raw")
    levels.append({"path": dataset["path"], "shape": list(array.shape), "chunks": list(array.chunks),
                   "dtype": array.dtype.str, "compressor": array.compressor.get_config()})
print(json.dumps({"attrs": attrs, "levels": levels}))
`;

/** Reads every level of the v2 store at `store` with python-zarr; raw dumps go into `dump` (a folder). */
export function readWithPythonZarr(store: string, dump: string): PythonZarrRead {
  if (existsSync(join(store, 'zarr.json')))
    throw new Error(`${store} is a Zarr v3 store: not for python-zarr`);
  const r = spawnSync(PYTHON, ['-c', SCRIPT, store, dump], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`python-zarr failed: ${r.stderr}`);
  const read = JSON.parse(r.stdout) as {
    attrs: Record<string, unknown>;
    levels: Omit<PythonZarrLevel, 'bytes'>[];
  };
  return {
    attrs: read.attrs,
    levels: read.levels.map((level, k) => ({ ...level, bytes: readFileSync(join(dump, `${k}.raw`)) })),
  };
}
