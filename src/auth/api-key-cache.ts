import type { Actor } from '../request-context/request-context';

/**
 * Recently authenticated keys, by hash, for a few seconds: every request would otherwise start
 * with a database round trip. Only successful lookups are kept (an unknown key always reaches
 * the database), and a revocation clears its key here at once; another instance notices it
 * when its entry expires (API_KEY_CACHE_TTL_MS, 0 = no cache).
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, { actor: Actor; expiresAt: number }>();

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

  set(keyHash: string, actor: Actor): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(keyHash);
    // Maps iterate in insertion order: the first entry is the oldest.
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(keyHash, { actor, expiresAt: this.now() + this.ttlMs });
  }

  forgetKey(keyId: string): void {
    for (const [hash, entry] of this.entries)
      if (entry.actor.keyId === keyId) this.entries.delete(hash);
  }
}
