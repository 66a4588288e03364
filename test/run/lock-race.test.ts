/**
 * Many processes racing for one stale shard lock: exactly one wins, every trial. A pool of
 * child processes (the built dist/app/run/lock.js; run tsc first) is told a start instant;
 * each spins until then, calls acquireLock and reports whether it won. The winner holds the
 * lock until every racer has answered, so a loser can only have lost to a live holder. The
 * stale lock is a dead pid on this host in half the trials, an old heartbeat from another
 * host in the other half.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixtures.js';
import { packageInfo } from '../../app/api/version.js';

const LOCK_MODULE = join(packageInfo().root, 'dist/app/run/lock.js');
const RACERS = 6;
const TRIALS = 16;

/** One racer: waits for {runDir, at}, spins to `at`, races, reports; releases when told. */
const RACER = `
const { acquireLock } = await import(${JSON.stringify(pathToFileURL(LOCK_MODULE).href)});
let held;
process.on('message', async (message) => {
  if (message.type === 'race') {
    while (Date.now() < message.at);
    try {
      held = await acquireLock(message.runDir, { index: 0, count: 1 });
      process.send({ type: 'result', won: true, pid: process.pid });
    } catch (error) {
      process.send({ type: 'result', won: false, tag: error.tag ?? String(error), pid: process.pid });
    }
  } else if (message.type === 'release') {
    await held?.release();
    held = undefined;
    process.send({ type: 'released' });
  } else process.exit(0);
});
process.send({ type: 'ready' });
`;

interface Reply {
  type: string;
  won?: boolean;
  tag?: string;
  pid?: number;
}

interface Racer {
  child: ChildProcess;
  next(): Promise<Reply>;
}

function startRacer(): Racer {
  const child = spawn(process.execPath, ['--input-type=module', '-e', RACER], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const queue: Reply[] = [];
  const waiting: ((reply: Reply) => void)[] = [];
  child.on('message', (reply: Reply) => {
    const wake = waiting.shift();
    if (wake) wake(reply);
    else queue.push(reply);
  });
  return {
    child,
    next: () => {
      const queued = queue.shift();
      return queued ? Promise.resolve(queued) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

describe.runIf(existsSync(LOCK_MODULE))('racing processes for one stale lock', () => {
  const dir = tempDir('isotrope-lock-race-');
  const racers: Racer[] = [];

  beforeAll(async () => {
    for (let k = 0; k < RACERS; k++) racers.push(startRacer());
    for (const racer of racers) expect((await racer.next()).type).toBe('ready');
  }, 20_000);
  afterAll(() => {
    for (const racer of racers) racer.child.kill();
    dir.remove();
  });

  it(`lets exactly one of ${RACERS} processes take it, in each of ${TRIALS} trials`, async () => {
    const dead = spawnSync('true').pid!;
    const winners: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const runDir = join(dir.path, `trial-${trial}`);
      mkdirSync(runDir, { recursive: true });
      const lock = join(runDir, 'lock.0-of-1.json');
      const deadLocal = trial % 2 === 0;
      writeFileSync(
        lock,
        JSON.stringify({
          pid: deadLocal ? dead : 4242,
          hostname: deadLocal ? hostname() : 'a-node-that-died',
          startedAt: '2026-01-01T00:00:00.000Z',
          shard: '0/1',
          nonce: `stale-${trial}`,
        }),
      );
      const heartbeat = new Date(Date.now() - (deadLocal ? 0 : 60_000));
      utimesSync(lock, heartbeat, heartbeat);
      const at = Date.now() + 150;
      for (const racer of racers) racer.child.send({ type: 'race', runDir, at });
      const results = await Promise.all(racers.map((racer) => racer.next()));
      const won = results.filter((r) => r.won);
      expect(won, JSON.stringify(results)).toHaveLength(1);
      expect(results.filter((r) => !r.won).map((r) => r.tag)).toEqual(Array(RACERS - 1).fill('locked'));
      expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ pid: won[0].pid });
      winners.push(won[0].pid!);
      for (const racer of racers) racer.child.send({ type: 'release' });
      for (const racer of racers) expect((await racer.next()).type).toBe('released');
      expect(existsSync(lock)).toBe(false);
    }
    expect(winners).toHaveLength(TRIALS);
  }, 30_000);
});
