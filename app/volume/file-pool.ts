/**
 * Read-only, positioned, synchronous reads over a bounded set of open files.
 * Synchronous `fs.readSync` into reused buffers is what makes strip reading run at
 * GB/s (an async read costs a thread-pool round trip per strip). A folder of thousands
 * of single-plane TIFFs must not exhaust file descriptors, hence the LRU of handles.
 */
import { closeSync, fstatSync, openSync, readSync, constants, type Stats } from 'node:fs';
import { VolumeError } from './errors.js';

/** What a path that is not a regular file is, for the one-line refusal. */
export function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'a special file';
}

interface OpenFile {
  fd: number;
  size: number;
}

export class FilePool {
  private readonly open = new Map<string, OpenFile>();
  private readonly sizes = new Map<string, number>();

  /** @param maxOpen how many files stay open at once (default 64: far below ulimit 1024). */
  constructor(private readonly maxOpen = 64) {}

  /** Size in bytes of `path` (opening it if needed). */
  size(path: string): number {
    const known = this.sizes.get(path);
    return known ?? this.handle(path).size;
  }

  /**
   * Reads `length` bytes at `offset` into `into` (or a new buffer). A read past the end of
   * the file is a tagged 'truncated' error, never a short silent result.
   */
  read(path: string, offset: number, length: number, into?: Uint8Array, plane?: number): Uint8Array {
    const f = this.handle(path);
    if (offset < 0 || offset + length > f.size) {
      throw new VolumeError(
        'truncated',
        `data at byte ${offset}..${offset + length} lies past the end of the file (${f.size} bytes)`,
        { file: path, plane },
      );
    }
    const out = into ?? new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const n = readSync(f.fd, out, done, length - done, offset + done);
      if (n === 0)
        throw new VolumeError('truncated', `unexpected end of file at byte ${offset + done}`, {
          file: path,
          plane,
        });
      done += n;
    }
    return out;
  }

  private last: { path: string; file: OpenFile } | null = null;

  private handle(path: string): OpenFile {
    if (this.last?.path === path) return this.last.file;
    const hit = this.open.get(path);
    if (hit) {
      this.last = { path, file: hit };
      this.open.delete(path); // re-insert: Map order is the LRU order
      this.open.set(path, hit);
      return hit;
    }
    let fd: number;
    try {
      // O_NONBLOCK: opening a FIFO must not wait for a writer (a hang); it is refused below.
      fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      const reason =
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EACCES'
            ? 'permission denied'
            : `cannot open (${code})`;
      throw new VolumeError('not-found', reason, { file: path, cause });
    }
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      closeSync(fd);
      throw new VolumeError('unsupported', `not a regular file (${fileKind(stats)})`, { file: path });
    }
    const size = stats.size;
    this.sizes.set(path, size);
    const file = { fd, size };
    this.open.set(path, file);
    this.last = { path, file };
    if (this.open.size > this.maxOpen) {
      const [oldest, f] = this.open.entries().next().value as [string, OpenFile];
      closeSync(f.fd);
      this.open.delete(oldest);
    }
    return file;
  }

  closeAll(): void {
    for (const f of this.open.values()) closeSync(f.fd);
    this.open.clear();
    this.last = null;
  }
}
