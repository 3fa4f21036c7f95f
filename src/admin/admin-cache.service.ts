import { Inject, Injectable } from '@nestjs/common';
import { AnswerCache } from '#src/cache/answer-cache.js';
import type { PurgeTarget } from '#src/cache/purge-marks.js';
import { DEFAULT_CACHE } from '#src/config/config-defaults.js';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { GatewayConfig } from '#src/config/gateway-config.types.js';
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
    const target = purgeTarget(body);
    await this.cache.purge(target);
    return { purged: 'all' in target ? 'all' : 'model' in target ? `model ${target.model}` : target.scope };
  }
}

/** `{}` or `{all: true}` purges everything; `{model}`, `{key}` (a client key id) or `{team}` one part. */
function purgeTarget(body: unknown): PurgeTarget {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const given = ['model', 'key', 'team'].filter((k) => b[k] !== undefined);
  if (given.length > 1) throw GatewayError.invalid(given[1], 'Purge one of model, key or team at a time');
  const field = given[0];
  if (field === undefined) return { all: true };
  const value = b[field];
  if (typeof value !== 'string' || value.trim() === '')
    throw GatewayError.invalid(field, `'${field}' must be a non-empty string`);
  if (field === 'model') return { model: value.trim() };
  return { scope: `${field}:${value.trim()}` };
}
