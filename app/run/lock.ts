/**
 * One lock file per shard (`lock.<i>-of-<n>.json`) holding pid, hostname, start time and a
 * nonce; its mtime is a heartbeat refreshed from a worker thread (lock-heartbeat.ts). A lock is
 * live when its heartbeat is under 30 s old and, on the same host, its pid still runs (not
 * gone, not a zombie, not reused: lock-holder.ts), so a kill -9 frees a shard at once locally
 * and a reboot or a dead node within 30 s, and `status` can tell "running" from "stopped" over
 * a shared filesystem. Two processes on one shard would duplicate work and race on its journal.
 *
 * Only one process can win a shard, even when many find the same stale lock at once:
 * - a free name is taken with link(2) of a complete lock file (exclusive: it fails if the name
 *   exists, and readers never see a half-written lock);
 * - a stale lock is first claimed by hard-linking it to a name derived from its nonce
 *   (exclusive too, so one claimant per stale lock); the claimant judges the file it linked,
 *   which is exactly what the lock name held at that instant, and only if that is still the
 *   stale lock does it rename its own lock over it;
 * - the winner re-reads the lock name and holds the shard only if it finds its own nonce.
 * Release deletes the name only while it still points at the holder's own file.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  link,
  lstat,
  open,
  readdir,
  rename,
  stat,
  unlink,
  writeFile,
  type FileHandle,
} from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { RunError } from './errors.js';
import { startHeartbeat } from './lock-heartbeat.js';
import { holderRuns, ownPidNamespace, ownStartTicks } from './lock-holder.js';
import type { Shard } from './unit-grid.js';

export const STALE_MS = 30_000;
/** Default heartbeat period: six beats per stale period, so a slow disk or a busy node never looks stale. */
const HEARTBEAT_MS = 5_000;
/** A takeover takes a few file operations; a claim older than this was left by a taker that crashed. */
const CLAIM_ABANDONED_MS = 10_000;
/** Rounds of "find the holder, try to replace it" before giving up on a lock that keeps changing hands. */
const PLACE_ATTEMPTS = 20;

/** Who holds a shard: what `status` reports. */
export interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
  shard: string;
}

/** A lock file's content: LockInfo, plus what tells this holding apart from any other. */
interface LockRecord extends LockInfo {
  /** Unique per acquisition (absent in locks written before issue 14). */
  nonce?: string;
  /** The holder's start time in /proc ticks, so a reused pid is not mistaken for it (Linux only). */
  startTicks?: string;
  /** The holder's pid namespace: its pid means something only to processes in the same one (Linux only). */
  pidNamespace?: string;
}

/** A lock file as found: its content (undefined when unparseable) and the identity of its inode. */
interface FoundLock {
  record: LockRecord | undefined;
  dev: number;
  ino: number;
  mtimeMs: number;
}

export function lockName(shard: Shard): string {
  return `lock.${shard.index}-of-${shard.count}.json`;
}

/** The file `path` names, read through one descriptor so content and inode agree; undefined when absent. */
async function readLockFile(path: string): Promise<FoundLock | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const [info, text] = await Promise.all([handle.stat(), handle.readFile('utf8')]);
    return { record: parseRecord(text), dev: info.dev, ino: info.ino, mtimeMs: info.mtimeMs };
  } finally {
    await handle.close();
  }
}

function parseRecord(text: string): LockRecord | undefined {
  try {
    const record = JSON.parse(text) as LockRecord;
    return typeof record === 'object' && record !== null && typeof record.pid === 'number'
      ? record
      : undefined;
  } catch {
    return undefined;
  }
}

const PID_NAMESPACE = ownPidNamespace();

/** Whether this process can ask the kernel about the holder's pid: same host, same pid namespace. */
function seesHolderPid(record: LockRecord): boolean {
  if (record.hostname !== hostname()) return false;
  return record.pidNamespace === undefined || record.pidNamespace === PID_NAMESPACE;
}

/** Live: heartbeat under STALE_MS old and, where its pid can be checked, a holder that still runs. Unparseable is not live. */
function isLive(lock: FoundLock, now: number): boolean {
  if (!lock.record) return false;
  if (now - lock.mtimeMs >= STALE_MS) return false;
  if (seesHolderPid(lock.record) && !holderRuns(lock.record.pid, lock.record.startTicks)) return false;
  return true;
}

function publicInfo(record: LockRecord): LockInfo {
  return { pid: record.pid, hostname: record.hostname, startedAt: record.startedAt, shard: record.shard };
}

/** The lock's holder when it is live, else undefined (missing, stale, or a dead or zombie local pid). */
export async function liveLock(path: string, now = Date.now()): Promise<LockInfo | undefined> {
  const lock = await readLockFile(path).catch(() => undefined);
  if (!lock?.record || !isLive(lock, now)) return undefined;
  return publicInfo(lock.record);
}

/** Live locks of every shard of the run. */
export async function liveLocks(runDir: string): Promise<LockInfo[]> {
  const names = (await readdir(runDir)).filter((name) => /^lock\..*\.json$/.test(name));
  const out: LockInfo[] = [];
  for (const name of names) {
    const holder = await liveLock(join(runDir, name));
    if (holder) out.push(holder);
  }
  return out;
}

export interface HeldLock {
  /**
   * Refreshes the heartbeat now (the engine calls it after each unit) and checks the lock is
   * still this process's: a RunError('locked') when another process took it over (this one
   * looked stale, e.g. suspended), so the caller stops instead of racing it.
   */
  beat(): Promise<void>;
  /** Stops the heartbeat and deletes the lock if it is still this process's own. Idempotent. */
  release(): Promise<void>;
}

export interface LockOptions {
  /** Heartbeat period in ms (default 5000; tests shorten it). */
  heartbeatMs?: number;
}

function lockedBy(holder: LockInfo, shard: string, runDir: string): RunError {
  return new RunError(
    'locked',
    `shard ${shard} is being processed by pid ${holder.pid} on ${holder.hostname} since ${holder.startedAt} (the lock is freed when that process stops, or 30 s after it on another host)`,
    { file: runDir },
  );
}

/** A host name usable inside a file name (temp names carry it so that shards on NFS never collide). */
function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]/g, '_');
}

/** link(2) `from` to `to`; false when `to` already exists. */
async function linkIfAbsent(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** The claim name of one stale lock: the same for every process that judged that very file stale. */
function claimPath(path: string, stale: FoundLock): string {
  const identity = stale.record?.nonce ?? `${stale.dev}-${stale.ino}-${Math.floor(stale.mtimeMs)}`;
  const slash = path.lastIndexOf('/');
  return `${path.slice(0, slash + 1)}.${path.slice(slash + 1)}.${fileSafe(identity)}.takeover`;
}

/**
 * Removes a claim whose taker crashed between claiming and replacing (link updates the
 * inode's ctime, so an old ctime means nobody has claimed it lately). Two processes clearing
 * the same abandoned claim at once could both go on to replace the lock; the later rename
 * wins and the earlier holder finds out at its next beat (see HeldLock.beat).
 */
async function clearAbandonedClaim(claim: string): Promise<void> {
  const info = await lstat(claim).catch(() => undefined);
  if (info && Date.now() - info.ctimeMs >= CLAIM_ABANDONED_MS) await unlink(claim).catch(() => undefined);
}

/** Replaces the stale lock `stale` at `path` by the file `temp`; false when another process got there first. */
async function takeOver(path: string, temp: string, stale: FoundLock): Promise<boolean> {
  const claim = claimPath(path, stale);
  let claimed: boolean;
  try {
    claimed = await linkIfAbsent(path, claim);
  } catch (error) {
    // The lock vanished between reading and claiming it: the caller looks again.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (!claimed) {
    await clearAbandonedClaim(claim);
    return false;
  }
  try {
    // The claim is a second name for whatever `path` named at that instant: judge THAT file.
    const linked = await readLockFile(claim);
    if (!linked || linked.ino !== stale.ino || linked.dev !== stale.dev || isLive(linked, Date.now()))
      return false;
    await rename(temp, path);
    return true;
  } finally {
    await unlink(claim).catch(() => undefined);
  }
}

/** Puts the complete lock file `temp` in place at `path`: the free name, or over a stale lock. */
async function placeLock(runDir: string, path: string, temp: string, shard: string): Promise<void> {
  for (let attempt = 0; attempt < PLACE_ATTEMPTS; attempt++) {
    if (await linkIfAbsent(temp, path)) return;
    const current = await readLockFile(path);
    // Released between the link and the read: the name may be free now.
    if (!current) continue;
    if (current.record && isLive(current, Date.now())) throw lockedBy(current.record, shard, runDir);
    if (await takeOver(path, temp, current)) return;
    // Another process is replacing the same stale lock: give it a moment, then see who won.
    await delay(5 + Math.floor(Math.random() * 20));
  }
  throw new RunError(
    'locked',
    `shard ${shard}: its lock kept changing hands while this process tried to take it over; try again`,
    { file: runDir },
  );
}

/** Whether `path` still names the file open as `own`. */
async function stillNamed(path: string, own: { dev: number; ino: number }): Promise<boolean> {
  const current = await stat(path).catch(() => undefined);
  return current !== undefined && current.dev === own.dev && current.ino === own.ino;
}

/**
 * Takes the shard's lock (taking a stale one over) and keeps its heartbeat until released.
 * @throws RunError('locked') when a live process holds it
 * @example const lock = await acquireLock(runDir, { index: 0, count: 2 }); try { … } finally { await lock.release(); }
 */
export async function acquireLock(
  runDir: string,
  shard: Shard,
  options: LockOptions = {},
): Promise<HeldLock> {
  const name = lockName(shard);
  const path = join(runDir, name);
  const record: LockRecord = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    shard: `${shard.index}/${shard.count}`,
    nonce: randomUUID(),
    startTicks: ownStartTicks(),
    pidNamespace: PID_NAMESPACE,
  };
  const temp = join(runDir, `.${name}.${fileSafe(record.hostname)}.${record.pid}.${record.nonce}.tmp`);
  await writeFile(temp, JSON.stringify(record), { flag: 'wx' });
  try {
    await placeLock(runDir, path, temp, record.shard);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  // Whatever happened above, this process holds the shard only if the name shows its nonce.
  const handle = await open(path, 'r');
  const own = await handle.stat();
  const found = parseRecord(await handle.readFile('utf8'));
  if (found?.nonce !== record.nonce) {
    await handle.close();
    throw lockedBy(found ?? record, record.shard, runDir);
  }
  const heartbeat = startHeartbeat(handle.fd, path, options.heartbeatMs ?? HEARTBEAT_MS);
  let released = false;
  return {
    async beat() {
      if (released) return;
      if (heartbeat.lost || !(await stillNamed(path, own))) {
        const holder = await liveLock(path);
        throw new RunError(
          'locked',
          `shard ${record.shard}: another process took this process's lock over${holder ? ` (pid ${holder.pid} on ${holder.hostname})` : ''} while it looked stale; stopping so the two do not race`,
          { file: runDir },
        );
      }
      const now = new Date();
      await handle.utimes(now, now).catch(() => undefined);
    },
    async release() {
      if (released) return;
      released = true;
      // The worker must be gone before the descriptor closes: it could touch a reused fd number.
      await heartbeat.stop();
      if (await stillNamed(path, own)) await unlink(path).catch(() => undefined);
      await handle.close().catch(() => undefined);
    },
  };
}
