import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '#src/core/clock.js';
import type { GatewayError } from '#src/core/gateway-error.js';
import type { DeploymentRef } from '#src/catalog/model-catalog.js';
import { ProviderAlarms } from '#src/providers/provider-alarms.js';
import { BreakerBoard } from './breaker-board.js';
import type { BreakerPass } from './breaker.types.js';
import { alarmsProvider, countsAgainstBreaker, failureNote, opensBreakerAtOnce } from './retry-policy.js';

/** The marks vendors put around a model's name when they quote it. */
const QUOTES = ['`', "'", '"'] as const;

/**
 * What the end of an attempt on a deployment tells the gateway, wherever the attempt ran (chat
 * before or after its first byte, embeddings): the deployment's breaker hears of it, and the
 * operator is told what clients are not. A failed attempt's details (addresses, DNS names, the
 * upstream's own text) go to the log; a refused key, a redirecting URL or an unpaid account is an
 * error line and a provider alarm in `/health` until a call to that provider succeeds again; an
 * upstream 404 is an error line and the deployment's open breaker, or a warning when it is left to
 * the client but quotes the upstream model.
 */
@Injectable()
export class AttemptOutcomes {
  private readonly logger = new Logger('Upstream');
  /** Deployments already named for a client's 404 that quotes their upstream model. */
  private readonly quotedModelNoted = new Set<string>();

  constructor(
    private readonly breakers: BreakerBoard,
    private readonly alarms: ProviderAlarms,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  succeeded(deployment: DeploymentRef): void {
    this.breakers.get(deployment.key).recordSuccess();
    this.alarms.clear(deployment.provider);
  }

  /**
   * A failure of the attempt the deployment's breaker let through with `pass`. One the client caused
   * (a bad request, its own abort) says nothing of the deployment: it is not counted, and if the
   * attempt was the half-open breaker's probe, the next call probes instead.
   */
  failed(deployment: DeploymentRef, err: GatewayError, pass: BreakerPass): void {
    if (!countsAgainstBreaker(err)) {
      this.noteQuotedModel(deployment, err);
      return this.breakers.probeUnanswered(deployment.key, pass);
    }
    this.breakers.get(deployment.key).recordFailure(failureNote(err));
    const detail = err.detail ?? causeText(err.cause);
    const where = `provider "${deployment.provider}", deployment ${deployment.key}`;
    if (opensBreakerAtOnce(err)) {
      const status = err.upstreamStatus === undefined ? '' : ` (upstream status ${err.upstreamStatus})`;
      if (alarmsProvider(err)) this.alarms.raise(deployment.provider, err.message, this.clock.now());
      // The upstream's own words (a key it refused, the account it will not bill, the model it lacks) say what to fix.
      const said = detail === undefined ? '' : `; the upstream said: ${detail}`;
      this.logger.error(`${err.message}${status}: ${where} is out of rotation until its breaker closes${said}`);
      return;
    }
    if (detail !== undefined) this.logger.warn(`attempt failed (${err.kind}) at ${where}: ${detail}`);
  }

  /**
   * A 404 left to the client (it named stored objects) whose words quote the upstream model the
   * gateway sent: it stays the client's, but a wrong `upstream_model` reads the same way, so the
   * operator is told which deployment, without the client's content or the upstream's words.
   * Only the model in quotes counts (a short model name may sit inside an id the client chose),
   * and each deployment is named once, so a client cannot fill the log with it.
   */
  private noteQuotedModel(deployment: DeploymentRef, err: GatewayError): void {
    const model = deployment.upstreamModel;
    if (err.kind !== 'bad_request' || err.upstreamStatus !== 404) return;
    if (model === '' || this.quotedModelNoted.has(deployment.key)) return;
    if (!QUOTES.some((quote) => err.message.includes(`${quote}${model}${quote}`))) return;
    this.quotedModelNoted.add(deployment.key);
    const where = `provider "${deployment.provider}", deployment ${deployment.key}`;
    this.logger.warn(
      `a 404 left to the client (upstream status 404) quotes upstream model "${model}": ${where}; check its upstream_model (said once per deployment)`,
    );
  }
}

function causeText(cause: unknown): string | undefined {
  if (cause instanceof Error) return `${(cause as { code?: string }).code ?? cause.name}: ${cause.message}`;
  return undefined;
}
