/**
 * The machine facts `isotrope doctor` reports besides the engines: the Node version against
 * package.json's engines field, free disk where the output would go, memory, and whether the
 * desktop app can open (Electron's binary, a display). Each is read, never assumed.
 */
import { readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { freemem, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { packageInfo } from '../api/index.js';
import { electronBinary, hasDisplay } from './start.js';

/** The contract's `node`: this Node's version, package.json's `engines.node`, and whether it meets it (null: a range this check cannot read). */
export interface NodeFacts {
  version: string;
  required: string;
  ok: boolean | null;
}

/** The contract's `disk`: the filesystem holding `path`. */
export interface DiskFacts {
  path: string;
  freeBytes: number;
  totalBytes: number;
}

/** The contract's `memory`, of the whole machine. */
export interface MemoryFacts {
  freeBytes: number;
  totalBytes: number;
}

/** The contract's `electron`: the binary `require('electron')` names when it exists, and whether a display is there to open it on. */
export interface ElectronFacts {
  installed: boolean;
  binary: string | null;
  display: boolean;
}

type Version = [number, number, number];

function parseVersion(text: string): Version | null {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-[\w.]+)?$/.exec(text.trim());
  if (!match) return null;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

function compareVersions(left: Version, right: Version): number {
  for (let i = 0; i < 3; i++) if (left[i] !== right[i]) return left[i] - right[i];
  return 0;
}

/**
 * Whether `version` meets `range`: alternatives joined by `||`, each a list of `>=`, `>`, `<=`,
 * `<`, `=` or `^` comparators (what engines fields use). Null for any other form.
 * @example meetsRange('v20.20.2', '>=20.19') // true
 */
export function meetsRange(version: string, range: string): boolean | null {
  const have = parseVersion(version);
  if (!have) return null;
  let anyMet = false;
  for (const alternative of range.split('||')) {
    const comparators = alternative.trim().split(/\s+/).filter(Boolean);
    if (comparators.length === 0) return null;
    let allMet = true;
    for (const comparator of comparators) {
      const match = /^(>=|<=|>|<|=|\^)?(.+)$/.exec(comparator);
      const want = match ? parseVersion(match[2]) : null;
      if (!match || !want) return null;
      const order = compareVersions(have, want);
      const met =
        match[1] === '>='
          ? order >= 0
          : match[1] === '>'
            ? order > 0
            : match[1] === '<='
              ? order <= 0
              : match[1] === '<'
                ? order < 0
                : match[1] === '^'
                  ? order >= 0 && have[0] === want[0]
                  : order === 0;
      allMet &&= met;
    }
    anyMet ||= allMet;
  }
  return anyMet;
}

export function nodeFacts(): NodeFacts {
  const pkg = JSON.parse(readFileSync(join(packageInfo().root, 'package.json'), 'utf8')) as {
    engines?: { node?: string };
  };
  const required = pkg.engines?.node ?? '*';
  return {
    version: process.version,
    required,
    ok: required === '*' ? true : meetsRange(process.version, required),
  };
}

/** Free and total bytes of the filesystem holding `dir` (for this user: blocks available, not merely free). */
export async function diskFacts(dir: string): Promise<DiskFacts> {
  const stats = await statfs(dir);
  return {
    path: resolve(dir),
    freeBytes: stats.bavail * stats.bsize,
    totalBytes: stats.blocks * stats.bsize,
  };
}

export function memoryFacts(): MemoryFacts {
  return { freeBytes: freemem(), totalBytes: totalmem() };
}

/** Whether Electron's package resolves at all, and the binary it names once downloaded. */
export function electronFacts(): ElectronFacts {
  let installed: boolean;
  try {
    createRequire(import.meta.url).resolve('electron');
    installed = true;
  } catch {
    installed = false;
  }
  return { installed, binary: electronBinary(), display: hasDisplay() };
}
