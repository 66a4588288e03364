/**
 * What the engine remembers across restarts: recently used files and the runs it knows, in
 * STATE_DIR/state.json, written durably (temp file, fsync, rename) so a crash never leaves it
 * half written. STATE_DIR is $ISOTROPE_STATE_DIR, else $XDG_CONFIG_HOME/isotrope, else
 * ~/.config/isotrope. An unreadable file counts as empty: this is convenience, not data.
 *
 * @example
 *   const state = await StateStore.open();
 *   await state.touch({ path: '/data/stack.tif', kind: 'volume' });
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { makeDirectory, writeDurable } from '../volume/index.js';
import { RecentFile } from './schemas.js';

/** How many recent files are kept (the menu shows about ten). */
const MAX_RECENT = 20;

const StateFile = z.object({
  recent: z.array(RecentFile).default([]),
  runs: z.array(z.string()).default([]),
});
type StateFile = z.infer<typeof StateFile>;

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ISOTROPE_STATE_DIR) return resolve(env.ISOTROPE_STATE_DIR);
  return join(env.XDG_CONFIG_HOME ? resolve(env.XDG_CONFIG_HOME) : join(homedir(), '.config'), 'isotrope');
}

export class StateStore {
  /** Writes one after another, so a later state never loses to an earlier one's rename. */
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    private state: StateFile,
  ) {}

  static async open(dir = stateDir()): Promise<StateStore> {
    const file = join(dir, 'state.json');
    const text = await readFile(file, 'utf8').catch(() => '{}');
    let parsed: StateFile;
    try {
      parsed = StateFile.parse(JSON.parse(text));
    } catch {
      parsed = StateFile.parse({});
    }
    return new StateStore(file, parsed);
  }

  /** Newest first. */
  get recent(): z.infer<typeof RecentFile>[] {
    return this.state.recent.map((r) => ({ ...r }));
  }
  get runs(): string[] {
    return [...this.state.runs];
  }

  /** Marks a file as just used (moves it to the front). */
  touch(entry: { path: string; kind: z.infer<typeof RecentFile>['kind'] }): Promise<void> {
    const path = resolve(entry.path);
    const rest = this.state.recent.filter((r) => r.path !== path);
    this.state = {
      ...this.state,
      recent: [{ path, kind: entry.kind, usedAt: new Date().toISOString() }, ...rest].slice(0, MAX_RECENT),
    };
    return this.save();
  }

  addRun(runDir: string): Promise<void> {
    const dir = resolve(runDir);
    if (this.state.runs.includes(dir)) return this.writing;
    this.state = { ...this.state, runs: [...this.state.runs, dir] };
    return this.save();
  }

  forgetRun(runDir: string): Promise<void> {
    const dir = resolve(runDir);
    this.state = {
      ...this.state,
      runs: this.state.runs.filter((r) => r !== dir),
      recent: this.state.recent.filter((r) => r.path !== dir),
    };
    return this.save();
  }

  private save(): Promise<void> {
    const text = `${JSON.stringify(this.state, null, 2)}\n`;
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        await makeDirectory(dirname(this.file));
        await writeDurable(this.file, text);
      });
    return this.writing;
  }
}
