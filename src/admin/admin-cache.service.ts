import { Inject, Injectable } from '@nestjs/common';
import { AnswerCache } from '#src/cache/answer-cache.js';
import type { PurgeTarget } from '#src/cache/purge-marks.js';
import { DEFAULT_CACHE } from '#src/config/config-defaults.js';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { CacheScope, GatewayConfig } from '#src/config/gateway-config.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { CacheMetricsObserver } from '#src/metrics/cache-metrics.observer.js';

/** `GET /admin/api/cache` and `POST /admin/api/cache/purge`: what the response cache did and holds, and purges. */
@Injectable()
export class AdminCacheService {
  constructor(
    private readonly cache: AnswerCache,
    private readonly tally: CacheMetricsObserver,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  view() {
    const settings = this.config.cache ?? DEFAULT_CACHE;
    const { requests, saved } = this.tally.snapshot();
    const hits = requests.hit + requests['semantic-hit'];
    const looked = hits + requests.miss + requests.refresh;
    const held = this.cache.holdings();
    return {
      mode: settings.mode,
      scope: settings.scope,
      ttl_s: settings.ttlS,
      store: held.store,
      bytes: held.bytes,
      max_bytes: settings.maxBytes,
      indexed_prompts: held.indexed,
      requests,
      hit_rate: looked === 0 ? null : hits / looked,
      saved: { tokens_in: saved.tokensIn, tokens_out: saved.tokensOut, usd: saved.usd },
    };
  }

  async purge(body: unknown): Promise<{ purged: string }> {
    const scope = (this.config.cache ?? DEFAULT_CACHE).scope;
    const target = purgeTarget(body, scope);
    await this.cache.purge(target);
    if ('all' in target) return { purged: 'all' };
    if ('model' in target) return { purged: `model ${target.model}` };
    // Under scope team a key's answers are its team's, unless it belongs to none.
    if (scope === 'team' && target.scope.startsWith('key:'))
      return { purged: `${target.scope} (the answers it got while in no team; a team's keys share the team's)` };
    return { purged: target.scope };
  }
}

/**
 * `{}` or `{all: true}` purges everything; `{model}`, `{key}` (a client key id) or `{team}` one part.
 * A part the configured scope does not keep answers by is refused, as purging it would remove nothing
 * (with `scope: team` a key that belongs to no team still has answers of its own).
 */
function purgeTarget(body: unknown, scope: CacheScope): PurgeTarget {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const given = ['model', 'key', 'team'].filter((k) => b[k] !== undefined);
  if (given.length > 1) throw GatewayError.invalid(given[1], 'Purge one of model, key or team at a time');
  const field = given[0];
  if (field === undefined) return { all: true };
  const value = b[field];
  if (typeof value !== 'string' || value.trim() === '')
    throw GatewayError.invalid(field, `'${field}' must be a non-empty string`);
  if (field === 'model') return { model: value.trim() };
  if (scope === 'shared' || (scope === 'key' && field === 'team')) {
    throw GatewayError.invalid(
      field,
      `cache.scope is ${scope}: no answers are kept by ${field}; purge everything or one model${scope === 'key' ? ', or one key' : ''}`,
    );
  }
  return { scope: `${field}:${value.trim()}` };
}
