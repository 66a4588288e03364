/**
 * A least-recently-used map bounded by bytes, not entries: MIP tiles are up to 1 MiB each and
 * edge tiles smaller, so a count limit would either waste memory or evict too early. `onEvict`
 * lets the owner release what an entry holds (e.g. a rendered bitmap).
 *
 * @example
 *   const cache = new LruCache<Tile>(64 << 20);
 *   cache.set(key, tile, tile.data.byteLength);
 *   cache.get(key);   // marks it most recently used
 */
export class LruCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private total = 0;

  constructor(
    readonly budgetBytes: number,
    private readonly onEvict?: (key: string, value: V) => void,
  ) {}

  get bytes(): number {
    return this.total;
  }
  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The value, now the most recently used; undefined when absent. */
  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  /** The value without changing its recency (for drawing what is already ordered). */
  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** Stores (or replaces) an entry, then evicts the least recently used until within budget; the newest stays even if alone over budget. */
  set(key: string, value: V, bytes: number): void {
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.total -= old.bytes;
      if (old.value !== value) this.onEvict?.(key, old.value);
    }
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    for (const [k, e] of this.entries) {
      if (this.total <= this.budgetBytes || k === key) break;
      this.entries.delete(k);
      this.total -= e.bytes;
      this.onEvict?.(k, e.value);
    }
  }

  delete(key: string): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    this.entries.delete(key);
    this.total -= e.bytes;
    this.onEvict?.(key, e.value);
    return true;
  }

  clear(): void {
    for (const key of [...this.entries.keys()]) this.delete(key);
  }

  keys(): IterableIterator<string> {
    return this.entries.keys();
  }
}
