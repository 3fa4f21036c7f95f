import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '#src/core/clock.js';
import type { GatewayError } from '#src/core/gateway-error.js';
import type { DeploymentRef } from '#src/catalog/model-catalog.js';
import { ProviderAlarms } from '#src/providers/provider-alarms.js';
import { opensBreakerAtOnce } from './retry-policy.js';

/**
 * Tells the operator what clients are not told. A failed attempt's details (addresses, DNS names,
 * the upstream's own text) go to the log; a refused key, a redirecting URL or an unpaid account is
 * an error line and a provider alarm in `/health` until a call to that provider succeeds again.
 */
@Injectable()
export class OperatorAlerts {
  private readonly logger = new Logger('Upstream');

  constructor(
    private readonly alarms: ProviderAlarms,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  failed(deployment: DeploymentRef, err: GatewayError): void {
    const detail = err.detail ?? causeText(err.cause);
    const where = `provider "${deployment.provider}", deployment ${deployment.key}`;
    if (opensBreakerAtOnce(err)) {
      const status = err.upstreamStatus === undefined ? '' : ` (upstream status ${err.upstreamStatus})`;
      this.alarms.raise(deployment.provider, err.message, this.clock.now());
      // The upstream's own words (a key it refused, the account it will not bill) say what to fix.
      const said = detail === undefined ? '' : `; the upstream said: ${detail}`;
      this.logger.error(`${err.message}${status}: ${where} is out of rotation until its breaker closes${said}`);
      return;
    }
    if (detail !== undefined) this.logger.warn(`attempt failed (${err.kind}) at ${where}: ${detail}`);
  }

  succeeded(deployment: DeploymentRef): void {
    this.alarms.clear(deployment.provider);
  }
}

function causeText(cause: unknown): string | undefined {
  if (cause instanceof Error) return `${(cause as { code?: string }).code ?? cause.name}: ${cause.message}`;
  return undefined;
}
