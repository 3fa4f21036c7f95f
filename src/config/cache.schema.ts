import { z } from 'zod';
import type { CacheConfig, CacheModelOverride } from './cache.types.js';
import { DEFAULT_CACHE } from './config-defaults.js';
import { refList, type DeclaredNames } from './name-refs.js';
import { flag, list, mapping, number, oneOf, optional, text } from './schema-fields.js';
import { encoderProblem } from './semantic.schema.js';

export const CACHE_MODES = ['off', 'exact', 'semantic'] as const;
export const CACHE_SCOPES = ['key', 'team', 'shared'] as const;

/**
 * Default similarity for a match by meaning. The built-in encoder reaches 0.85 only for near
 * duplicates (case, punctuation, a word or two), the only matches it makes without serving wrong
 * answers (bench/cache); embedding models score paraphrases higher, and near misses too.
 */
export const DEFAULT_CACHE_THRESHOLD = { local: 0.85, embedding: 0.92 };

const SECONDS = { integer: true, min: 1 };
const SIMILARITY = { min: 0, max: 1 };

function semanticSchema(names: DeclaredNames | undefined) {
  return optional(
    mapping({
      threshold: number(SIMILARITY).describe(
        'similarity of the last user turns that counts as the same question (default 0.85 local, 0.92 otherwise)',
      ),
      encoder: text({ trim: true, check: encoderProblem(names) }).describe(
        'local (built in, offline) or <provider>/<embedding model>',
      ),
      max_entries: number({ integer: true, min: 1 }).describe(
        'prompts each instance remembers for lookups (default 10000)',
      ),
      non_text: flag().describe('also match requests with tool results, images or documents (default false)'),
    }),
  ).describe('matching by meaning: the last user turn close enough, everything else equal');
}

function overrideSchema(names: DeclaredNames | undefined) {
  return mapping({
    models: refList('model', names, {
      required: 'the models this applies to',
      nonEmpty: 'expected at least one model',
    }),
    mode: oneOf(CACHE_MODES),
    ttl: number(SECONDS).describe('seconds'),
    sampled: flag(),
    threshold: number(SIMILARITY),
  });
}

export function cacheSchema(names: DeclaredNames | undefined) {
  return optional(
    mapping({
      mode: oneOf(CACHE_MODES).describe('off (default) | exact | semantic'),
      ttl: number(SECONDS).describe('seconds an answer is kept (default 3600)'),
      max_bytes: number({ integer: true, min: 1024 }).describe('in-memory store size, bytes (default 64 MiB)'),
      scope: oneOf(CACHE_SCOPES).describe('who shares answers: key (default), team, or shared (everyone)'),
      sampled: flag().describe('also cache requests with temperature > 0 (default false)'),
      semantic: semanticSchema(names),
      overrides: list(overrideSchema(names)).describe('per-model settings; a pool uses its first model'),
    }),
  ).describe('response cache');
}

type CacheInput = z.output<ReturnType<typeof cacheSchema>>;

export function toCache(c: CacheInput): CacheConfig {
  const d = DEFAULT_CACHE;
  const models: Record<string, CacheModelOverride> = {};
  for (const o of c?.overrides ?? []) {
    const override = dropUndefined({ mode: o.mode, ttlS: o.ttl, sampled: o.sampled, threshold: o.threshold });
    for (const model of o.models) models[model] = { ...models[model], ...override };
  }
  const encoder = c?.semantic?.encoder || d.semantic.encoder;
  const threshold = encoder === 'local' ? DEFAULT_CACHE_THRESHOLD.local : DEFAULT_CACHE_THRESHOLD.embedding;
  return {
    mode: c?.mode ?? d.mode,
    ttlS: c?.ttl ?? d.ttlS,
    maxBytes: c?.max_bytes ?? d.maxBytes,
    scope: c?.scope ?? d.scope,
    sampled: c?.sampled ?? d.sampled,
    semantic: {
      threshold: c?.semantic?.threshold ?? threshold,
      encoder,
      maxEntries: c?.semantic?.max_entries ?? d.semantic.maxEntries,
      nonText: c?.semantic?.non_text ?? d.semantic.nonText,
    },
    models,
  };
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
