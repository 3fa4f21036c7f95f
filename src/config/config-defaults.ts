/**
 * Constants the running gateway reads besides the configuration schemas. Kept apart from the
 * schemas so that serving traffic never loads the schema library: it is needed only while the
 * configuration is read (see settings-reader.ts).
 */
import type { CacheConfig } from './cache.types.js';
import type { AffinityConfig } from './gateway-config.types.js';

/**
 * Headers coding agents already send with one id per session: Claude Code
 * (`x-claude-code-session-id`), Codex (`session-id`, older builds `session_id`), and the generic
 * `x-session-id` (OpenRouter, proxies).
 */
export const SESSION_HEADERS = ['x-claude-code-session-id', 'session-id', 'session_id', 'x-session-id'] as const;

export const DEFAULT_AFFINITY: AffinityConfig = { enabled: true, ttlMs: 3_600_000, headers: [...SESSION_HEADERS] };

/**
 * Off unless the operator turns it on: a cached answer is a replayed answer, which a client that
 * wants a fresh sample (or an operator who has not thought about tenants) would not expect.
 */
export const DEFAULT_CACHE: CacheConfig = {
  mode: 'off',
  ttlS: 3600,
  maxBytes: 64 * 1024 * 1024,
  scope: 'key',
  sampled: false,
  semantic: { threshold: 0.85, encoder: 'local', maxEntries: 10_000, nonText: false },
  models: {},
};

/**
 * The largest weight anywhere (file, API, admin UI). Weights are relative shares, so a million to
 * one is already as lopsided as traffic gets; the cap keeps every sum of weights far from overflow.
 */
export const MAX_WEIGHT = 1_000_000;
