/** `cache.mode`: off, the same request, or the same request with the last user turn close in meaning. */
export type CacheMode = 'off' | 'exact' | 'semantic';

/** Who shares cached answers: each client key, each team, or everyone (explicit only). */
export type CacheScope = 'key' | 'team' | 'shared';

/** What one model may set differently from the section. */
export interface CacheModelOverride {
  mode?: CacheMode;
  ttlS?: number;
  sampled?: boolean;
  threshold?: number;
}

export interface CacheConfig {
  mode: CacheMode;
  ttlS: number;
  /** Bound of the in-memory store (entries and keys, approximately, in bytes). */
  maxBytes: number;
  scope: CacheScope;
  /** Cache requests with `temperature > 0` too. */
  sampled: boolean;
  semantic: {
    threshold: number;
    encoder: string;
    /** Prompts each instance keeps in its similarity index. */
    maxEntries: number;
    /** Match requests carrying tool results or non-text content by meaning too. */
    nonText: boolean;
  };
  /** By the gateway's model name. */
  models: Record<string, CacheModelOverride>;
}
