import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { GatewayConfig, ModelConfig } from '#src/config/gateway-config.types.js';
import { BreakerBoard } from '#src/fallback/breaker-board.js';
import { ModelCatalog } from '#src/catalog/model-catalog.js';
import { deploymentKey } from '#src/catalog/deployment-key.js';
import type { ModelFilter } from '#src/keys/model-allowlist.js';

/** Fixed so that the list is stable between calls; the gateway's models have no real creation date. */
const CREATED = Math.floor(Date.now() / 1000);

/** Renders the model list for `GET /models` (operators) and `GET /v1/models[/{id}]` (SDK clients). */
@Injectable()
export class ModelListView {
  constructor(
    private readonly catalog: ModelCatalog,
    private readonly breakers: BreakerBoard,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * `allows`: the caller's client key's allowlist, when it has one; `keyed`: the caller holds a
   * client key. A key learns no model outside its allowlist, by the default route or by fallbacks,
   * and not the upstream's last error text, which is for the operator (its `last_error` is always null).
   */
  detailed(models: ModelConfig[], allows?: ModelFilter, keyed = false) {
    const allowed = (names: string[]) => (allows === undefined ? names : names.filter((n) => allows(n)));
    return {
      object: 'list',
      demo_mode: this.config.demoMode,
      default: allowed(this.config.routing.default),
      data: models.map((m) => ({
        id: m.name,
        name: m.name,
        provider: m.deployments[0]?.provider,
        weight: this.catalog.modelWeight(m),
        capabilities: m.capabilities,
        context_window: m.contextWindow ?? null,
        status: this.catalog.status(m),
        fallbacks: allowed(m.fallbacks),
        deployments: m.deployments.map((d, i) => {
          const breaker = this.breakers.get(deploymentKey(m, i)).snapshot();
          return {
            key: deploymentKey(m, i),
            provider: d.provider,
            upstream_model: d.upstreamModel,
            weight: this.catalog.deploymentWeight(m, i),
            configured: this.config.providers[d.provider]?.configured ?? false,
            breaker: breaker.state,
            retry_at: breaker.retryAt === undefined ? null : new Date(breaker.retryAt).toISOString(),
            last_error: keyed ? null : (breaker.lastError ?? null),
          };
        }),
      })),
    };
  }

  forSdks(models: ModelConfig[]) {
    const data = models.filter((m) => this.catalog.status(m) === 'available').map((m) => this.forSdk(m));
    return { object: 'list', data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
  }

  /** One entry of the SDK list: OpenAI's model object with Anthropic's fields beside it. */
  forSdk(model: ModelConfig) {
    return {
      id: model.name,
      object: 'model',
      created: CREATED,
      owned_by: model.deployments[0]?.provider ?? 'switchyard',
      type: 'model',
      display_name: model.name,
      created_at: new Date(CREATED * 1000).toISOString(),
    };
  }
}
