import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { DeploymentConfig, GatewayConfig, ModelConfig } from '#src/config/gateway-config.types.js';

export type ModelStatus = 'available' | 'unconfigured';

/** Vendor snapshots the clients send (`claude-sonnet-4-5-20250929`, `gpt-4o-latest`) resolve to their family. */
const SNAPSHOT_SUFFIX = /-(\d{8}|latest)$/;

/** The models clients can name, with their deployments, looked up by name. */
@Injectable()
export class ModelCatalog {
  private readonly byName: Map<string, ModelConfig>;
  private readonly configured: Set<string>;

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {
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

  /** Deployments that can be called: their provider is configured and their weight is not 0. */
  usableDeployments(model: ModelConfig): DeploymentConfig[] {
    return model.deployments.filter((d) => this.configured.has(d.provider) && d.weight > 0);
  }

  status(model: ModelConfig): ModelStatus {
    return model.deployments.some((d) => this.configured.has(d.provider)) ? 'available' : 'unconfigured';
  }
}
