/**
 * The README's command reference is what the built CLI's --help prints (regenerate it with
 * `npm run docs:cli` after changing a command or an option).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI, README, cliReference, commandNames, readmeBlock } from './cli-reference.js';

describe('the README command reference', () => {
  it('lists every command of isotrope --help', () => {
    expect(
      commandNames('Commands:\n  info [options] [path]  describe\n  run [options]  x\n  help [command]  y'),
    ).toEqual(['info', 'run']);
  });

  it('is exactly what the built CLI prints (npm run docs:cli regenerates it)', () => {
    expect(existsSync(CLI)).toBe(true);
    const block = readmeBlock(readFileSync(README, 'utf8'));
    expect(block, 'README.md has no command reference block').toBeDefined();
    expect(block).toBe(cliReference());
  }, 60_000);
});
