import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#src/core/clock.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { DeploymentRef } from '#src/catalog/model-catalog.js';
import { BreakerBoard } from './breaker-board.js';
import { decide } from './retry-policy.js';

const SOME_BILLING =
  "a deployment tried refused the gateway's account for billing, and the others could not answer it now";
const BILLING_BENCHED =
  'every deployment that could answer was refused by its upstream for billing reasons (credit or quota used up)';

const SOME_MISSING = 'a deployment tried has no such model or path, and the others were not tried in time';

/** The wait named to a client while a probe decides whether a deployment is back, or one not reached may answer. */
const PROBE_WAIT_MS = 1_000;

/** A failure among those given that a retry may cure, if any. */
function curable(failures: Map<string, GatewayError> | undefined): GatewayError | undefined {
  for (const failure of failures?.values() ?? []) if (decide(failure) === 'retry') return failure;
  return undefined;
}

const unavailable = (why: string, retryAfterMs: number | undefined) =>
  new GatewayError('unavailable', `This request cannot be served right now: ${why}`, { retryAfterMs });

/**
 * What a client is told when none of its request's deployments answered (chat and embeddings
 * alike), judged over the deployments that could take the request ("takers") and their breakers:
 * whether to retry, and after how long.
 */
@Injectable()
export class FailureReports {
  constructor(
    private readonly breakers: BreakerBoard,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The failure the client is told of: the last, except that a billing refusal (which tells the
   * client's SDK not to retry) stands only when every deployment that could take the request is
   * benched for billing; otherwise the client hears of a failure a retry may cure, or that others
   * may answer, after the soonest ordinary cool-down. An upstream 404 about the gateway's setup
   * (which no retry cures, and SDKs never retry) stands only when every deployment that could take
   * the request answered one; otherwise the client hears of a failure a retry may cure, or of the
   * deployments not tried (an open breaker, `max_attempts`, the deadline) as `nothingAvailable` does.
   */
  reported(last: GatewayError, failures: Map<string, GatewayError> | undefined, takers: DeploymentRef[]): GatewayError {
    if (last.kind === 'not_found') return curable(failures) ?? this.missingHere(last, failures, takers);
    if (last.kind !== 'upstream_billing') return last;
    const retryable = curable(failures);
    if (retryable) return retryable;
    if (this.allBenchedForBilling(takers)) return last;
    // A deployment not reached (`max_attempts`, the deadline) or not admitted (a half-open breaker's
    // probe out elsewhere) may answer a retry at once: no wait then.
    const now = this.clock.now();
    const someFree = takers.some((d) => (this.breakers.get(d.key).snapshot().retryAt ?? 0) <= now);
    return unavailable(SOME_BILLING, someFree ? undefined : this.soonestBack(takers, false));
  }

  /**
   * Nothing was tried: no deployment can take the request, or every one that can is unconfigured,
   * drained or behind an open breaker. `refusal` is why there are no takers, when the caller knows.
   */
  nothingAvailable(takers: DeploymentRef[], refusal?: GatewayError): GatewayError {
    // Only the operator can end these: the client is told so, not to come back in minutes.
    if (this.allBenchedForBilling(takers)) {
      return new GatewayError('upstream_billing', `This request cannot be served right now: ${BILLING_BENCHED}`);
    }
    if (takers.length === 0 && refusal !== undefined) return refusal;
    // Past its cool-down a breaker lets one probe through at a time (here or on another instance):
    // its answer, due in about the time of a request, decides whether the others may follow.
    if (takers.some((d) => this.breakers.get(d.key).state() === 'half_open')) {
      return unavailable('every deployment that could answer is being tried again after failures', PROBE_WAIT_MS);
    }
    const soonest = this.soonestBack(takers, true);
    if (soonest !== undefined) {
      return unavailable('every deployment that could answer is cooling down after failures', soonest);
    }
    return unavailable('no deployment can answer it (unconfigured or drained)', undefined);
  }

  /**
   * `last`, an upstream 404, unless a deployment that could take the request was not asked. When
   * every one was asked and some failed otherwise (credentials, billing), the 404 stands: each is
   * the operator's to mend and none a retry cures. A prompt too long for a deployment is the
   * exception, told instead: the client can shorten it and be served there.
   */
  private missingHere(
    last: GatewayError,
    failures: Map<string, GatewayError> | undefined,
    takers: DeploymentRef[],
  ): GatewayError {
    const untried = takers.filter((d) => failures?.has(d.key) !== true);
    if (untried.length === 0) {
      return [...(failures?.values() ?? [])].find((f) => f.kind === 'context_length') ?? last;
    }
    const now = this.clock.now();
    // One not reached (`max_attempts`, the deadline) may answer a retry at once.
    if (untried.some((d) => (this.breakers.get(d.key).snapshot().retryAt ?? 0) <= now)) {
      return unavailable(SOME_MISSING, PROBE_WAIT_MS);
    }
    return this.nothingAvailable(untried);
  }

  /** Whether every deployment given waits for its operator to pay (see `FailureNote.lasting`). */
  private allBenchedForBilling(deployments: DeploymentRef[]): boolean {
    const now = this.clock.now();
    return (
      deployments.length > 0 &&
      deployments.every((d) => {
        const breaker = this.breakers.get(d.key).snapshot();
        return breaker.untilOperatorActs === true && (breaker.retryAt ?? 0) > now;
      })
    );
  }

  /** How soon the first of these deployments' open breakers ends (those waiting for the operator only if `lasting`). */
  private soonestBack(deployments: DeploymentRef[], lasting: boolean): number | undefined {
    const now = this.clock.now();
    const waits = deployments
      .map((d) => this.breakers.get(d.key).snapshot())
      .filter((b) => b.retryAt !== undefined && b.retryAt > now && (lasting || b.untilOperatorActs !== true))
      .map((b) => (b.retryAt as number) - now);
    return waits.length > 0 ? Math.min(...waits) : undefined;
  }
}
