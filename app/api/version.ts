/** The engine's version, read from the isotrope package.json above this module (works from app/ and dist/app/). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { version: string; root: string } | undefined;

/** The package root (the folder holding isotrope's package.json) and its version. */
export function packageInfo(): { version: string; root: string } {
  if (cached) return cached;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'isotrope' && pkg.version) return (cached = { version: pkg.version, root: dir });
    }
    if (dirname(dir) === dir) throw new Error('isotrope package.json not found');
  }
}
