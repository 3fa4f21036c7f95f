import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import { isUsable } from '#src/config/gateway-config.derive.js';
import type { GatewayConfig, ModelConfig, ProviderConfig } from '#src/config/gateway-config.types.js';
import { WeightsService } from './weights.service.js';
import { deploymentKey } from './deployment-key.js';

export type ModelStatus = 'available' | 'unconfigured';

/** One callable place for a model: a deployment with its effective weight. */
export interface DeploymentRef {
  /** `model/<index>`: the key of its breaker, balancer state and weight. */
  key: string;
  model: ModelConfig;
  index: number;
  provider: string;
  upstreamModel: string;
  weight: number;
}

/**
 * Vendor snapshots the clients send (`claude-sonnet-4-5-20250929`, `gpt-4o-latest`) resolve to their
 * family; so does Ollama's default tag (`name:latest`), which Ollama clients add to bare names.
 */
const SNAPSHOT_SUFFIX = /-(\d{8}|latest)$|:latest$/;

/** The models clients can name, with their deployments and effective weights, looked up by name. */
@Injectable()
export class ModelCatalog {
  private readonly byName: Map<string, ModelConfig>;
  private readonly configured: Set<string>;
  /** By model name: requests pass copies of a model (`{...model, fallbacks: []}`), and each must not add an entry. */
  private readonly refs = new Map<string, { version: object; refs: readonly DeploymentRef[] }>();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly weights: WeightsService,
  ) {
    this.byName = new Map(config.models.map((m) => [m.name, m]));
    this.configured = new Set(
      Object.values(config.providers)
        .filter((p) => p.configured)
        .map((p) => p.name),
    );
  }

  all(): ModelConfig[] {
    return this.config.models;
  }

  /** Exact name first, then the name without a date or `-latest` snapshot suffix. */
  find(name: string): ModelConfig | undefined {
    return this.byName.get(name) ?? this.byName.get(name.replace(SNAPSHOT_SUFFIX, ''));
  }

  /**
   * Deployments on configured providers, with effective weights (0 = drained; the balancer skips
   * those). Every request asks for them: they are made once per configured model and weights
   * version, whatever copy of the model asks, and callers treat them as read-only.
   */
  deployments(model: ModelConfig): readonly DeploymentRef[] {
    const configured = this.byName.get(model.name);
    if (configured === undefined) return this.deploymentsNow(model);
    const version = this.weights.version;
    const kept = this.refs.get(model.name);
    if (kept?.version === version) return kept.refs;
    const refs = this.deploymentsNow(configured);
    this.refs.set(model.name, { version, refs });
    return refs;
  }

  private deploymentsNow(model: ModelConfig): DeploymentRef[] {
    return model.deployments.flatMap((d, index) =>
      this.configured.has(d.provider)
        ? [
            {
              key: deploymentKey(model, index),
              model,
              index,
              provider: d.provider,
              upstreamModel: d.upstreamModel,
              weight: this.weights.deploymentWeight(model, index),
            },
          ]
        : [],
    );
  }

  deploymentWeight(model: ModelConfig, index: number): number {
    return this.weights.deploymentWeight(model, index);
  }

  /**
   * The accounts whose stored files a model can read: those of its live (weight above 0) deployments
   * that read them (`ProviderConfig.storedFiles`), not any server speaking the wire.
   */
  fileAccounts(model: ModelConfig): ProviderConfig[] {
    const accounts: ProviderConfig[] = [];
    for (const d of this.deployments(model)) {
      const provider = this.config.providers[d.provider];
      if (d.weight > 0 && provider.storedFiles === true) accounts.push(provider);
    }
    return accounts;
  }

  modelWeight(model: ModelConfig): number {
    return this.weights.modelWeight(model);
  }

  status(model: ModelConfig): ModelStatus {
    return isUsable(model, this.config.providers) ? 'available' : 'unconfigured';
  }
}
