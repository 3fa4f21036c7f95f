import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { GATEWAY_CONFIG } from './config.tokens.js';
import type { GatewayConfig } from './gateway-config.types.js';

/** The configuration is loaded (start-up fails otherwise); says where from and whether only the demo model exists. */
@Injectable()
export class ConfigHealthIndicator {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly indicator: HealthIndicatorService,
  ) {}

  check(key = 'config'): HealthIndicatorResult {
    return this.indicator.check(key).up({
      origin: this.config.origin,
      models: this.config.models.length,
      demo_mode: this.config.demoMode,
    });
  }
}
