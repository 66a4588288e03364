/** The engine's persisted state: where it lives, and that recent files and runs survive a reopen. */
import { existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StateStore, stateDir } from '../../app/api/state-store.js';
import { tempDir } from '../helpers/fixtures.js';

const dir = tempDir('isotrope-state-');
afterAll(() => dir.remove());

describe('state directory', () => {
  it('is ISOTROPE_STATE_DIR, else XDG_CONFIG_HOME/isotrope, else ~/.config/isotrope', () => {
    expect(stateDir({ ISOTROPE_STATE_DIR: '/s', XDG_CONFIG_HOME: '/x' })).toBe('/s');
    expect(stateDir({ XDG_CONFIG_HOME: '/x' })).toBe('/x/isotrope');
    expect(stateDir({})).toBe(join(homedir(), '.config', 'isotrope'));
  });
});

describe('StateStore', () => {
  it('keeps recent files newest first without duplicates, and runs, across reopening', async () => {
    const where = join(dir.path, 'a', 'nested');
    const s = await StateStore.open(where);
    await s.touch({ path: '/data/one.tif', kind: 'volume' });
    await s.touch({ path: '/data/run', kind: 'run' });
    await s.addRun('/data/run');
    await s.addRun('/data/run');
    await s.touch({ path: '/data/one.tif', kind: 'volume' });
    expect(existsSync(join(where, 'state.json'))).toBe(true);
    const again = await StateStore.open(where);
    expect(again.recent.map((r) => r.path)).toEqual(['/data/one.tif', '/data/run']);
    expect(again.runs).toEqual(['/data/run']);
    await again.forgetRun('/data/run');
    expect((await StateStore.open(where)).runs).toEqual([]);
    expect((await StateStore.open(where)).recent.map((r) => r.path)).toEqual(['/data/one.tif']);
  });

  it('treats an unreadable state file as empty', async () => {
    const where = join(dir.path, 'broken');
    mkdirSync(where);
    writeFileSync(join(where, 'state.json'), '{not json');
    const s = await StateStore.open(where);
    expect(s.recent).toEqual([]);
    expect(s.runs).toEqual([]);
  });
});
