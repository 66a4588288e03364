/**
 * deleteRun (cancelRun {deleteOutput}): only a folder whose manifest parses as a run, only with
 * no live lock, only the run's own entries; foreign files stay, and so does the folder then.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteRun, isRunEntry } from '../../app/run/delete-run.js';
import { tempDir } from '../helpers/fixtures.js';
import { handmadeRun } from './handmade-run.js';

const tmp = tempDir('isotrope-delete-run-');
afterAll(() => tmp.remove());

describe('deleteRun', () => {
  it('removes a run with nothing foreign in it, folder and all', async () => {
    const runDir = join(tmp.path, 'whole');
    await handmadeRun(runDir, [0, 1]);
    writeFileSync(join(runDir, 'finalized.json'), '{}');
    writeFileSync(join(runDir, 'journal.1-of-2.ndjson'), '');
    writeFileSync(join(runDir, '.manifest.json.node1.42.0.tmp'), '');
    expect(await deleteRun(runDir)).toEqual({ removed: true, kept: [] });
    expect(existsSync(runDir)).toBe(false);
  });

  it('keeps what the run did not write, and the folder with it', async () => {
    const runDir = join(tmp.path, 'mixed');
    await handmadeRun(runDir, [0]);
    writeFileSync(join(runDir, 'notes.txt'), 'keep me');
    mkdirSync(join(runDir, 'raw-data'));
    const result = await deleteRun(runDir);
    expect(result).toEqual({ removed: false, kept: ['notes.txt', 'raw-data'] });
    expect(readFileSync(join(runDir, 'notes.txt'), 'utf8')).toBe('keep me');
    expect(existsSync(join(runDir, 'manifest.json'))).toBe(false);
    expect(existsSync(join(runDir, 'output.zarr'))).toBe(false);
  });

  it('refuses a folder whose manifest.json is not a run, deleting nothing', async () => {
    const notRun = join(tmp.path, 'not-a-run');
    mkdirSync(notRun);
    writeFileSync(join(notRun, 'manifest.json'), JSON.stringify({ name: 'some other tool' }));
    mkdirSync(join(notRun, 'output.zarr'));
    const refusal = await deleteRun(notRun).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ name: 'RunError', tag: 'not-a-run' });
    expect((refusal as Error).message.split('\n')).toHaveLength(1);
    expect(existsSync(join(notRun, 'manifest.json'))).toBe(true);
    expect(existsSync(join(notRun, 'output.zarr'))).toBe(true);
    await expect(deleteRun(join(tmp.path, 'absent'))).rejects.toMatchObject({ tag: 'not-a-run' });
  });

  it('refuses while a live process holds a lock, deleting nothing', async () => {
    const runDir = join(tmp.path, 'live');
    await handmadeRun(runDir, [0]);
    // This very process, on this host, with a fresh heartbeat: as live as a lock gets.
    const lock = {
      pid: process.pid,
      hostname: hostname(),
      startedAt: new Date().toISOString(),
      shard: '0/1',
    };
    writeFileSync(join(runDir, 'lock.0-of-1.json'), JSON.stringify(lock));
    const refusal = await deleteRun(runDir).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ name: 'RunError', tag: 'locked' });
    expect((refusal as Error).message).toMatch(new RegExp(`pid ${process.pid}`));
    expect((refusal as Error).message.split('\n')).toHaveLength(1);
    expect(existsSync(join(runDir, 'manifest.json'))).toBe(true);
    expect(existsSync(join(runDir, 'journal.ndjson'))).toBe(true);
  });

  it("a dead holder's lock does not block the delete", async () => {
    const runDir = join(tmp.path, 'dead-holder');
    await handmadeRun(runDir, [0]);
    const lock = {
      pid: 2 ** 22 + 7,
      hostname: hostname(),
      startedAt: new Date().toISOString(),
      shard: '0/1',
    };
    writeFileSync(join(runDir, 'lock.0-of-1.json'), JSON.stringify(lock));
    expect(await deleteRun(runDir)).toEqual({ removed: true, kept: [] });
  });

  it("names the run's own entries", () => {
    for (const name of [
      'manifest.json',
      'model',
      'output.zarr',
      'mips',
      'preview',
      'compare',
      'finalized.json',
      'journal.ndjson',
      'journal.2-of-4.ndjson',
      'lock.0-of-1.json',
      '.chunk.node.1.2.tmp',
      '.lock.0-of-2.json.node.41.a1b2.tmp',
      '.lock.0-of-2.json.a1b2c3.takeover',
    ])
      expect(isRunEntry(name), name).toBe(true);
    for (const name of ['notes.txt', 'journal.txt', 'lockfile', 'data.tif', 'model.safetensors', '.takeover'])
      expect(isRunEntry(name), name).toBe(false);
  });
});
