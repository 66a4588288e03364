/**
 * One lock file per shard (`lock.<i>-of-<n>.json`) holding pid, hostname and start time; its
 * mtime is a heartbeat refreshed every few seconds. A lock is live when its heartbeat is under
 * 30 s old and — on the same host — its pid still exists, so a kill -9 or a reboot never
 * blocks a resume for long, and `status` can tell "running" from "stopped" over a shared
 * filesystem. Two processes on the same shard would duplicate work and race on its journal.
 */
import { hostname } from 'node:os';
import { open, readFile, readdir, stat, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { RunError } from './errors.js';
import type { Shard } from './unit-grid.js';

export const STALE_MS = 30_000;
const HEARTBEAT_MS = 5_000;

export interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
  shard: string;
}

export function lockName(shard: Shard): string {
  return `lock.${shard.index}-of-${shard.count}.json`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock's holder when it is live, else undefined (missing, stale, or a dead local pid). */
export async function liveLock(path: string, now = Date.now()): Promise<LockInfo | undefined> {
  try {
    const [s, text] = await Promise.all([stat(path), readFile(path, 'utf8')]);
    const info = JSON.parse(text) as LockInfo;
    if (now - s.mtimeMs >= STALE_MS) return undefined;
    if (info.hostname === hostname() && !pidAlive(info.pid)) return undefined;
    return info;
  } catch {
    return undefined;
  }
}

/** Live locks of every shard of the run. */
export async function liveLocks(runDir: string): Promise<LockInfo[]> {
  const names = (await readdir(runDir)).filter((n) => /^lock\..*\.json$/.test(n));
  const out: LockInfo[] = [];
  for (const n of names) {
    const l = await liveLock(join(runDir, n));
    if (l) out.push(l);
  }
  return out;
}

export interface HeldLock {
  /** Refreshes the heartbeat now (the engine calls it after each unit: a long compute may starve the timer). */
  beat(): Promise<void>;
  release(): Promise<void>;
}

/** Takes the shard's lock (replacing a stale one) and keeps its heartbeat until released. */
export async function acquireLock(runDir: string, shard: Shard): Promise<HeldLock> {
  const path = join(runDir, lockName(shard));
  const info: LockInfo = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    shard: `${shard.index}/${shard.count}`,
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(JSON.stringify(info));
      await fh.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      const holder = await liveLock(path);
      if (holder) {
        throw new RunError(
          'locked',
          `shard ${info.shard} is being processed by pid ${holder.pid} on ${holder.hostname} since ${holder.startedAt} (the lock goes stale 30 s after that process stops)`,
          { file: runDir },
        );
      }
      await unlink(path).catch(() => undefined);
    }
  }
  const timer = setInterval(() => {
    const t = new Date();
    utimes(path, t, t).catch(() => undefined);
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    async beat() {
      const t = new Date();
      await utimes(path, t, t).catch(() => undefined);
    },
    async release() {
      clearInterval(timer);
      await unlink(path).catch(() => undefined);
    },
  };
}
