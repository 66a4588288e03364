/**
 * Which shard splits of one run may work at once. Shards i/n of one count partition the units,
 * so any of them may run side by side; a split of another count (or the whole run, 0/1) covers
 * units those shards are computing, and its journal would race theirs. Such a split is refused
 * while any shard of another count holds a live lock; once they have all stopped, a run may
 * be resumed whole or split anew (units are journaled by id, whatever the split).
 */
import { RunError } from './errors.js';
import { liveLocks, type LockInfo } from './lock.js';
import type { Shard } from './unit-grid.js';

/** The live holders of shards whose count differs from `shard`'s. */
export async function conflictingShards(runDir: string, shard: Shard): Promise<LockInfo[]> {
  const live = await liveLocks(runDir);
  return live.filter((holder) => shardCount(holder.shard) !== shard.count);
}

function shardCount(text: string): number {
  return Number(text.split('/')[1] ?? 1);
}

/**
 * Refuses to work on `shard` while shards of another split are live.
 * @param recordedCount the shard count the manifest records, named in the message when known
 * @throws RunError('locked'), one line naming the live shards
 */
export async function refuseConflictingShards(
  runDir: string,
  shard: Shard,
  recordedCount?: number,
): Promise<void> {
  const conflicts = await conflictingShards(runDir, shard);
  if (conflicts.length === 0) return;
  const live = conflicts
    .sort((a, b) => a.shard.localeCompare(b.shard, 'en', { numeric: true }))
    .map((holder) => `${holder.shard} (pid ${holder.pid} on ${holder.hostname})`)
    .join(', ');
  const counts = [...new Set(conflicts.map((holder) => shardCount(holder.shard)))].join(' or ');
  const asked = shard.count === 1 ? 'a whole-run resume' : `--shard ${shard.index}/${shard.count}`;
  const created =
    recordedCount !== undefined && recordedCount > 1 ? ` (created with ${recordedCount} shards)` : '';
  throw new RunError(
    'locked',
    `shard${conflicts.length > 1 ? 's' : ''} ${live} of this run${created} still running: ${asked} would redo their units; use --shard i/${counts}, or wait until they stop`,
    { file: runDir },
  );
}
