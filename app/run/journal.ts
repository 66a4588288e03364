/**
 * The journal: one append-only NDJSON file per shard (`journal.ndjson`, or
 * `journal.<i>-of-<n>.ndjson` with --shard), one line per completed unit, fsynced after each
 * append. A unit is journaled only after its chunks, MIP and preview partials are durable, so
 * the journal never claims work that is not on disk. A crash can tear the last line: readers
 * skip it, and a writer cuts it off before appending so it cannot glue onto the next line.
 * Separate files per shard mean processes on a shared filesystem never append to one file.
 */
import { open, readdir, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Box } from '../volume/index.js';
import type { Shard } from './unit-grid.js';

export interface JournalEntry {
  unit: number;
  box: Box;
  /** ISO time the unit was journaled. */
  at: string;
  /** Seconds the unit took (compute + writes). */
  seconds: number;
}

export function journalName(shard: Shard): string {
  return shard.count === 1 ? 'journal.ndjson' : `journal.${shard.index}-of-${shard.count}.ndjson`;
}

const JOURNAL_FILE = /^journal(\.\d+-of-\d+)?\.ndjson$/;

/** Whole, parseable entries of one journal file's text (a torn or garbled line is skipped). */
export function parseJournal(text: string): JournalEntry[] {
  const out: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const e = JSON.parse(line) as JournalEntry;
      if (Number.isInteger(e.unit)) out.push(e);
    } catch {
      /* the torn tail of a crash */
    }
  }
  return out;
}

/** Every journaled unit of the run, over all shards' journals (by id; a unit done twice counts once). */
export async function readJournals(runDir: string): Promise<Map<number, JournalEntry>> {
  const done = new Map<number, JournalEntry>();
  for (const name of (await readdir(runDir)).filter((n) => JOURNAL_FILE.test(n)).sort()) {
    for (const e of parseJournal(await readFile(join(runDir, name), 'utf8')))
      if (!done.has(e.unit)) done.set(e.unit, e);
  }
  return done;
}

/** An open journal for appending. */
export class JournalWriter {
  private constructor(
    private readonly fh: FileHandle,
    readonly path: string,
  ) {}

  /** Opens (creates) the shard's journal, cutting off a torn last line left by a crash. */
  static async open(runDir: string, shard: Shard): Promise<JournalWriter> {
    const path = join(runDir, journalName(shard));
    const text = await readFile(path, 'utf8').catch(() => '');
    if (text.length > 0 && !text.endsWith('\n'))
      await truncate(path, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
    return new JournalWriter(await open(path, 'a'), path);
  }

  /** Appends one entry and fsyncs: when this resolves, the unit counts as done. */
  async append(entry: JournalEntry): Promise<void> {
    await this.fh.write(`${JSON.stringify(entry)}\n`);
    await this.fh.sync();
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
