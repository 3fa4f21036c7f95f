import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { GatewayConfig } from '#src/config/gateway-config.types.js';
import { configYaml } from './config-document.mapper.js';

/** `GET /admin/api/config`: the effective configuration (masked YAML) and the routing parts the UI draws. */
@Injectable()
export class AdminConfigService {
  private rendered: ReturnType<AdminConfigService['render']> | undefined;

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  /** Rendered once, when first asked for: the configuration never changes while the process runs (weights live elsewhere). */
  view() {
    // A failed render (the YAML writer failing to load) is tried again on the next request.
    return (this.rendered ??= this.render().catch((error: unknown) => {
      this.rendered = undefined;
      throw error;
    }));
  }

  private async render() {
    const { routing } = this.config;
    return {
      yaml: await configYaml(this.config),
      origin: this.config.origin,
      rules: routing.rules.map((r) => ({ pattern: r.pattern, models: r.models })),
      semantic: routing.semantic
        ? {
            encoder: routing.semantic.encoder,
            threshold: routing.semantic.threshold,
            // Effective value: the loader fills in the default (on); the gate only ever acts on the local encoder.
            content_gate: routing.semantic.contentGate ?? true,
            background: routing.semantic.background ?? true,
            // Absent only in a config built by hand: the local encoder then ranks with it, as the loader's default.
            classifier: routing.semantic.classifier ?? routing.semantic.encoder === 'local',
            routes: routing.semantic.routes.map((r) => ({
              name: r.name,
              models: r.models,
              utterances: r.utterances,
              ...(r.threshold === undefined ? {} : { threshold: r.threshold }),
            })),
          }
        : null,
      default: routing.default,
      strategy: routing.strategy,
    };
  }
}
