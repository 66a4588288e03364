/**
 * The package's fuses and archive (electron-builder.yml): what a shipped binary refuses whatever
 * its environment or command line says. Parsed as electron-builder parses it (js-yaml), and the
 * fuse names checked against electron-builder's own schema, so a misspelt key cannot pass for a
 * fuse that was never flipped.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Configuration } from 'electron-builder';

const ROOT = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
/** electron-builder's YAML reader (a dependency of it; typed here since it ships no types). */
const yaml = require('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(resolve(ROOT, 'electron-builder.yml'), 'utf8')) as Configuration;
const schema = require('app-builder-lib/scheme.json') as {
  definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
};

describe('electron-builder.yml', () => {
  it('packs the app into an asar archive', () => {
    expect(config.asar).toBe(true);
  });

  it('turns off running as Node, NODE_OPTIONS and --inspect', () => {
    expect(config.electronFuses?.runAsNode).toBe(false);
    expect(config.electronFuses?.enableNodeOptionsEnvironmentVariable).toBe(false);
    expect(config.electronFuses?.enableNodeCliInspectArguments).toBe(false);
  });

  it('loads the app only from the asar archive, and checks its integrity', () => {
    expect(config.electronFuses?.onlyLoadAppFromAsar).toBe(true);
    expect(config.electronFuses?.enableEmbeddedAsarIntegrityValidation).toBe(true);
  });

  it('gives file:// pages no extra privileges (the renderer is served from app://)', () => {
    expect(config.electronFuses?.grantFileProtocolExtraPrivileges).toBe(false);
  });

  it("names only fuses electron-builder's schema knows", () => {
    const known = Object.keys(schema.definitions.FuseOptionsV1.properties);
    expect(Object.keys(config.electronFuses ?? {}).filter((name) => !known.includes(name))).toEqual([]);
  });
});
