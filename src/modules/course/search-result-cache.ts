/**
 * Results of a search kept for a short while, by key. Ranking a text search
 * scores every matching course in PostgreSQL (7 ms for a term matching 600 of
 * 100,000 courses), while the catalog changes rarely and the same few terms
 * are asked over and over. Changes made in this process clear it at once;
 * changes made by another server process show after at most `ttlMs`.
 *
 * Concurrent requests for a key share one load; a failed load is not kept.
 */
export class SearchResultCache<T> {
  private readonly entries = new Map<string, { expiresAt: number; result: Promise<T> }>();

  constructor(
    private readonly ttlMs: number,
    /** Bounds memory: the entry stored longest ago goes first. */
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) return cached.result;
    this.entries.delete(key);
    const result = load();
    this.entries.set(key, { expiresAt: now + this.ttlMs, result });
    result.catch(() => {
      if (this.entries.get(key)?.result === result) this.entries.delete(key);
    });
    // A Map iterates in insertion order: its first key is the oldest entry.
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return result;
  }

  /** After a change: every later search loads afresh. Loads already running answer their own callers only. */
  clear(): void {
    this.entries.clear();
  }
}
