/**
 * Whether the process named in a lock file still runs, asked of the local kernel. On Linux
 * /proc/<pid>/stat answers three questions `kill(pid, 0)` cannot: a zombie (state Z, exited
 * but not reaped, common in containers whose PID 1 never calls wait) still answers signal 0
 * yet holds nothing; a dead task (X) likewise; and a pid reused by an unrelated process has a
 * different start time. Elsewhere signal 0 is the best there is.
 */
import { readFileSync, readlinkSync } from 'node:fs';

/** The two fields of /proc/<pid>/stat a lock needs. */
export interface ProcStat {
  /** One letter: R running, S sleeping, D disk wait, Z zombie, X dead, T stopped, … */
  state: string;
  /** Field 22: when the process started, in clock ticks since boot (unique per pid and boot). */
  startTicks: string;
}

/**
 * Parses the text of /proc/<pid>/stat. The command name (field 2) sits in parentheses and may
 * itself hold spaces and ')', so the fields after it are counted from the LAST ')'.
 * @example parseProcStat('42 (a) b) Z 1 42 ...').state // 'Z'
 * @returns undefined when the text is not a stat line
 */
export function parseProcStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
  const state = fields[0];
  const startTicks = fields[19];
  if (!state || !/^[A-Za-z]$/.test(state) || !startTicks || !/^\d+$/.test(startTicks)) return undefined;
  return { state, startTicks };
}

/** /proc/<pid>/stat parsed; undefined when the pid does not exist (or there is no /proc). */
export function readProcStat(pid: number | 'self'): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

const hasProc = readProcStat('self') !== undefined;

/** This process's start time as /proc records it (undefined without /proc): goes into each lock it writes. */
export function ownStartTicks(): string | undefined {
  return readProcStat('self')?.startTicks;
}

/**
 * This process's pid namespace (e.g. 'pid:[4026531836]'; undefined without /proc). Containers
 * started with the host's network share its hostname but not its pids: a pid is judged only by
 * a process in the namespace that wrote it, else the heartbeat alone decides.
 */
export function ownPidNamespace(): string | undefined {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return undefined;
  }
}

function answersSignalZero(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether `pid` on THIS host is a running process that can still hold a lock: not gone, not a
 * zombie or dead task, and (when the lock recorded it) started when the lock says.
 * @param startTicks the holder's start time from its lock, if it recorded one
 */
export function holderRuns(pid: number, startTicks?: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (!hasProc) return answersSignalZero(pid);
  const stat = readProcStat(pid);
  if (!stat) return false;
  if (stat.state === 'Z' || stat.state === 'X' || stat.state === 'x') return false;
  if (startTicks !== undefined && stat.startTicks !== startTicks) return false;
  return true;
}
