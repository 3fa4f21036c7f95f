import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_ENV, GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { AppEnv, GatewayConfig } from '#src/config/gateway-config.types.js';
import { ADMIN_TOKEN, type AdminToken } from '#src/admin/admin-token.js';
import { CLOCK, RANDOM, systemClock, systemRandom } from './clock.js';

/** Process-wide values every module may inject: settings, configuration, admin token, clock and randomness. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(env: AppEnv, config: GatewayConfig, adminToken: AdminToken): DynamicModule {
    const providers = [
      { provide: APP_ENV, useValue: env },
      { provide: ADMIN_TOKEN, useValue: adminToken },
      { provide: GATEWAY_CONFIG, useValue: config },
      { provide: CLOCK, useValue: systemClock },
      { provide: RANDOM, useValue: systemRandom },
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => p.provide) };
  }
}
