/**
 * The shard lock within one process: /proc parsing, which holders count as live (a dead pid
 * and a real zombie do not), taking a stale lock over, releasing only one's own lock, noticing
 * a takeover, and a heartbeat that keeps beating while the main thread computes synchronously.
 * Many processes racing for one stale lock: lock-race.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixtures.js';
import { isRunError } from '../../app/run/errors.js';
import { holderRuns, parseProcStat, readProcStat } from '../../app/run/lock-holder.js';
import { acquireLock, liveLock, liveLocks, lockName } from '../../app/run/lock.js';

const WHOLE = { index: 0, count: 1 };
const onLinux = existsSync('/proc/self/stat');

/** A pid that existed and is gone (reaped): a child that ran `true`. */
function deadPid(): number {
  const child = spawnSync('true');
  return child.pid!;
}

/**
 * A real zombie: `sh` starts `sleep 0` in the background, then becomes `sleep 30` by exec; the
 * background child exits and nobody ever waits for it. Resolves once /proc shows it as Z.
 */
async function zombie(): Promise<{ pid: number; stop: () => void }> {
  const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const pid = await new Promise<number>((resolve) => parent.stdout!.once('data', (d) => resolve(Number(d))));
  for (let k = 0; k < 200 && readProcStat(pid)?.state !== 'Z'; k++)
    await new Promise((r) => setTimeout(r, 10));
  return { pid, stop: () => parent.kill('SIGKILL') };
}

function writeLock(path: string, record: Record<string, unknown>, ageMs = 0): void {
  writeFileSync(path, JSON.stringify({ startedAt: '2026-01-01T00:00:00.000Z', shard: '0/1', ...record }));
  const at = new Date(Date.now() - ageMs);
  utimesSync(path, at, at);
}

describe('/proc/<pid>/stat', () => {
  it('reads the state and start time after the last parenthesis, whatever the command name holds', () => {
    const tail = 'S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 987654 20 21';
    expect(parseProcStat(`42 (node) ${tail}`)).toEqual({ state: 'S', startTicks: '987654' });
    expect(parseProcStat(`42 (a b) c) Z${tail.slice(1)}`)).toEqual({ state: 'Z', startTicks: '987654' });
    expect(parseProcStat('not a stat line')).toBeUndefined();
    expect(parseProcStat('42 (x) Z 1 2')).toBeUndefined();
  });

  it('counts this process as running, and a reaped pid and a pid with another start time as not', () => {
    expect(holderRuns(process.pid)).toBe(true);
    expect(holderRuns(deadPid())).toBe(false);
    expect(holderRuns(0)).toBe(false);
    if (onLinux) {
      expect(holderRuns(process.pid, readProcStat('self')!.startTicks)).toBe(true);
      expect(holderRuns(process.pid, '1')).toBe(false);
    }
  });

  it.runIf(onLinux)('counts a zombie as not running', async () => {
    const child = await zombie();
    try {
      expect(readProcStat(child.pid)?.state).toBe('Z');
      // Signal 0 still answers for a zombie: that is why the old check blocked resume for 30 s.
      expect(() => process.kill(child.pid, 0)).not.toThrow();
      expect(holderRuns(child.pid)).toBe(false);
    } finally {
      child.stop();
    }
  });
});

describe('shard lock', () => {
  const dir = tempDir('isotrope-lock-');
  afterAll(() => dir.remove());
  let n = 0;
  const runDir = (): string => {
    const path = join(dir.path, `run-${n++}`);
    mkdirSync(path, { recursive: true });
    return path;
  };

  it('is free at once when its holder on this host is a dead pid or a zombie, live while its holder runs', async () => {
    const run = runDir();
    const path = join(run, lockName(WHOLE));
    writeLock(path, { pid: process.pid, hostname: hostname() });
    expect(await liveLock(path)).toMatchObject({ pid: process.pid });
    writeLock(path, { pid: deadPid(), hostname: hostname() });
    expect(await liveLock(path)).toBeUndefined();
    writeLock(path, { pid: deadPid(), hostname: 'another-node' });
    expect(await liveLock(path)).toMatchObject({ hostname: 'another-node' });
    writeLock(path, { pid: deadPid(), hostname: 'another-node' }, 31_000);
    expect(await liveLock(path)).toBeUndefined();
    // Same hostname, another pid namespace (a container on the host's network): the heartbeat decides.
    writeLock(path, { pid: deadPid(), hostname: hostname(), pidNamespace: 'pid:[1]' });
    expect(await liveLock(path)).toMatchObject({ pid: expect.any(Number) });
    writeLock(path, { pid: deadPid(), hostname: hostname(), pidNamespace: 'pid:[1]' }, 31_000);
    expect(await liveLock(path)).toBeUndefined();
    if (onLinux) {
      const child = await zombie();
      try {
        writeLock(path, { pid: child.pid, hostname: hostname() });
        expect(await liveLock(path)).toBeUndefined();
        const started = Date.now();
        const lock = await acquireLock(run, WHOLE);
        expect(Date.now() - started).toBeLessThan(2_000);
        expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid });
        await lock.release();
      } finally {
        child.stop();
      }
    }
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a live holder with one line naming it, and takes a stale one over', async () => {
    const run = runDir();
    const path = join(run, lockName(WHOLE));
    writeLock(path, { pid: 4242, hostname: 'node-7', nonce: 'theirs' });
    const refused = await acquireLock(run, WHOLE).catch((e: unknown) => e);
    expect(isRunError(refused) && refused.tag).toBe('locked');
    expect(String((refused as Error).message)).toMatch(/pid 4242 on node-7/);
    expect(String((refused as Error).message)).not.toContain('\n');
    utimesSync(path, new Date(Date.now() - 40_000), new Date(Date.now() - 40_000));
    const lock = await acquireLock(run, WHOLE);
    expect(await liveLocks(run)).toEqual([expect.objectContaining({ pid: process.pid, shard: '0/1' })]);
    await lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('releases only its own lock, and its next beat reports that another process took it over', async () => {
    const run = runDir();
    const path = join(run, lockName(WHOLE));
    const lock = await acquireLock(run, WHOLE);
    const theirs = join(run, 'theirs.json');
    writeLock(theirs, { pid: 4243, hostname: 'node-8', nonce: 'theirs' });
    renameSync(theirs, path);
    const beat = await lock.beat().catch((e: unknown) => e);
    expect(isRunError(beat) && beat.tag).toBe('locked');
    expect(String((beat as Error).message)).toMatch(/took this process's lock over \(pid 4243 on node-8\)/);
    await lock.release();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: 4243, nonce: 'theirs' });
  });

  it('keeps beating from its own thread while the main thread computes synchronously', async () => {
    const run = runDir();
    const path = join(run, lockName(WHOLE));
    const lock = await acquireLock(run, WHOLE, { heartbeatMs: 50 });
    const old = new Date(Date.now() - 20_000);
    utimesSync(path, old, old);
    const started = Date.now();
    // A long synchronous unit (as tfjs-wasm computes): no timer of this thread runs meanwhile.
    while (Date.now() - started < 800);
    expect(Date.now() - statSync(path).mtimeMs).toBeLessThan(500);
    await lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('leaves no temp or claim files behind', async () => {
    const run = runDir();
    const lock = await acquireLock(run, { index: 1, count: 3 });
    await lock.release();
    writeLock(join(run, lockName(WHOLE)), { pid: deadPid(), hostname: hostname(), nonce: 'dead' });
    const again = await acquireLock(run, WHOLE);
    await again.release();
    expect(readdirSync(run)).toEqual([]);
  });
});
