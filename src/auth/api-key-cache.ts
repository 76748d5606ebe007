import type { Actor } from '../request-context/request-context';

/**
 * Recently authenticated keys, by hash, for a few seconds: every request would otherwise start
 * with a database round trip. Only successful lookups are kept (an unknown key always reaches
 * the database), and a revocation clears its key here at once; another instance notices it
 * when its entry expires (API_KEY_CACHE_TTL_MS, 0 = no cache).
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, { actor: Actor; expiresAt: number }>();
  private forgets = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(keyHash: string): Actor | undefined {
    const entry = this.entries.get(keyHash);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(keyHash);
      return undefined;
    }
    return entry.actor;
  }

  /** Take before a database lookup, pass to set(): a revocation since then voids the result. */
  get generation(): number {
    return this.forgets;
  }

  /**
   * Remembers a key looked up when `generation` was current. If a key was forgotten since,
   * the lookup may have read the row before that revocation committed: it is not kept.
   */
  set(keyHash: string, actor: Actor, generation = this.forgets): void {
    if (this.ttlMs <= 0 || generation !== this.forgets) return;
    this.entries.delete(keyHash);
    // Maps iterate in insertion order: the first entry is the oldest.
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(keyHash, { actor, expiresAt: this.now() + this.ttlMs });
  }

  forgetKey(keyId: string): void {
    this.forgets += 1;
    for (const [hash, entry] of this.entries)
      if (entry.actor.keyId === keyId) this.entries.delete(hash);
  }
}
