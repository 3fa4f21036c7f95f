/** `GET /admin/api/cache`: the response cache since this instance started. */
export interface CacheView {
  mode: 'off' | 'exact' | 'semantic';
  scope: 'key' | 'team' | 'shared';
  ttl_s: number;
  store: 'memory' | 'shared';
  bytes: number;
  max_bytes: number;
  indexed_prompts: number;
  requests: Record<'hit' | 'semantic-hit' | 'miss' | 'bypass' | 'refresh', number>;
  /** Hits over lookups (hits, misses, refreshes); null before the first lookup. */
  hit_rate: number | null;
  saved: { tokens_in: number; tokens_out: number; usd: number };
}

/** What one purge covers: everything, one model's answers, one client key's or one team's. */
export type CachePurge = Record<string, never> | { model: string } | { key: string } | { team: string };
