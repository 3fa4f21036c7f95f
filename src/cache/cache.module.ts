import { Logger, Module } from '@nestjs/common';
import { CLOCK, type Clock } from '#src/core/clock.js';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { GatewayConfig } from '#src/config/gateway-config.types.js';
import { DEFAULT_CACHE } from '#src/config/config-defaults.js';
import { EMBEDDERS, type Embedders } from '#src/routing/embedder.js';
import { SHARED_STATE, type SharedState } from '#src/state/shared-state.types.js';
import { AnswerCache } from './answer-cache.js';
import type { AnswerStore } from './answer-store.js';
import { MemoryAnswerStore } from './memory-answer.store.js';
import { promptEncoder } from './prompt-encoder.js';
import { clusterPurgeLink } from './purge-link.js';
import { PurgeMarks, SHARED_CLOCK_SKEW_MS } from './purge-marks.js';
import { SemanticIndex } from './semantic-index.js';
import { SharedAnswerStore } from './shared-answer.store.js';

/**
 * Each model name with the upstream models behind it (`name=provider/upstream,…`): after a
 * restart with another upstream behind a name, answers the old one gave are not replayed for it.
 */
function answerSources(gateway: GatewayConfig): (model: string) => string {
  const byName = new Map(
    gateway.models.map((m) => [
      m.name,
      `${m.name}=${m.deployments
        .map((d) => `${d.provider}/${d.upstreamModel}`)
        .sort()
        .join(',')}`,
    ]),
  );
  return (model) => byName.get(model) ?? model;
}

/**
 * The response cache as configured: answers in process memory (bounded by bytes), or in the
 * shared store when instances share Redis; the similarity index is always this process's own.
 */
async function buildAnswerCache(
  gateway: GatewayConfig,
  state: SharedState,
  clock: Clock,
  embedders: Embedders,
): Promise<AnswerCache> {
  const config = gateway.cache ?? DEFAULT_CACHE;
  const store: AnswerStore =
    state.kind === 'redis' ? new SharedAnswerStore(state) : new MemoryAnswerStore(config.maxBytes, clock);
  // Instances sharing Redis may run on machines whose clocks differ a little; without it, the
  // workers of WORKERS=N carry purges to each other through their supervisor.
  const marks = new PurgeMarks(
    state,
    clock,
    state.kind === 'redis' ? { skewMs: SHARED_CLOCK_SKEW_MS } : { workers: clusterPurgeLink() },
  );
  await marks.load();
  const semanticWanted = config.mode === 'semantic' || Object.values(config.models).some((o) => o.mode === 'semantic');
  const encoder = semanticWanted ? promptEncoder(config.semantic.encoder, embedders) : undefined;
  if (semanticWanted && !encoder) {
    new Logger('ResponseCache').error(
      `cache.semantic.encoder: ${config.semantic.encoder} cannot embed; the cache matches exactly only`,
    );
  }
  const semantic = encoder && { encoder, index: new SemanticIndex(config.semantic.maxEntries) };
  return new AnswerCache({ config, store, marks, clock, semantic, sources: answerSources(gateway) });
}

/** The response cache. `SHARED_STATE` and `EMBEDDERS` are the composition's to provide. */
@Module({
  providers: [
    { provide: AnswerCache, useFactory: buildAnswerCache, inject: [GATEWAY_CONFIG, SHARED_STATE, CLOCK, EMBEDDERS] },
  ],
  exports: [AnswerCache],
})
export class CacheModule {}
