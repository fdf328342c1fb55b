/** Counts of one cached method since the application started. */
export interface CacheStats {
  /** Calls answered from a fresh entry. */
  hits: number;
  /** Calls that ran the method (one per key however many callers were waiting). */
  misses: number;
  /** Calls answered from a stale entry while it was refreshed in the background. */
  staleHits: number;
  /** Calls that joined a run of the method already in flight for the same key. */
  coalesced: number;
  /** Entries the store dropped to respect its bounds. */
  evictions: number;
  /** Evictions asked for by code or by `@InvalidatesCache`. */
  invalidations: number;
  /** Store operations that failed (the call then ran the method). */
  errors: number;
  /** Calls of a per-caller method that ran uncached because the caller had no identity (an anonymous 2026-07-28 HTTP request). */
  uncacheable: number;
}

export function emptyCacheStats(): CacheStats {
  return { hits: 0, misses: 0, staleHits: 0, coalesced: 0, evictions: 0, invalidations: 0, errors: 0, uncacheable: 0 };
}
