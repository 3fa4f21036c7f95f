import { Injectable } from '@nestjs/common';
import type { ChatRequest } from '#src/core/chat.types.js';
import { BalancingStage, type BalanceOptions } from '#src/balancing/balancing.stage.js';
import { SessionAffinity } from '#src/balancing/affinity/session-affinity.js';
import type { DeploymentRef } from '#src/catalog/model-catalog.js';
import type { DecodedRequest, ResponseMeta } from '#src/dialects/dialect.types.js';
import { AttemptExecutor, type AttemptAnswer, type AttemptOutcome } from '#src/fallback/attempt-executor.js';
import type { ClientAbort } from '#src/fallback/client-abort.js';
import { Router, type RouteDecision } from '#src/routing/router.service.js';
import type { ModelAllowance } from '#src/routing/request-fit.js';
import type { ExchangeRecord } from '#src/core/exchange-record.js';
import type { RouteExplanation } from '#src/core/route.types.js';
import { AnswerCache } from '#src/cache/answer-cache.js';
import { replay, type CachedAnswer } from '#src/cache/cached-answer.js';
import type { CacheLookup } from '#src/cache/answer-cache.types.js';
import { PinAdoption } from './pin-adoption.js';

/**
 * An answer whose first event (or relayed frame) has arrived: from here on, failures can no
 * longer move elsewhere. It carries canonical `events` for the dialect to encode, or, relayed, the
 * upstream's own JSON or SSE frames for the responder to write as they came.
 */
export type OpenedAnswer = AttemptAnswer & { meta: ResponseMeta };

const NOT_CACHED: CacheLookup = { status: 'bypass' };

/** One request's turn at the upstreams, for a routed run after a pinned one. */
interface Turn {
  request: ChatRequest;
  inbound: DecodedRequest['inbound'];
  record: ExchangeRecord;
  client: ClientAbort;
  run: { deadline: number };
}

/** What a request would be tried on: the route taken, and the deployments in try order. */
export interface PlannedRequest {
  decision: RouteDecision;
  deployments: DeploymentRef[];
}

/**
 * The only place routing, balancing and failover meet: route the request, order the deployments,
 * and try them until one starts answering; hand back its event stream once the first event is in,
 * so a failure before the first byte can still move elsewhere or become a proper HTTP error.
 * Router → AnswerCache → BalancingStage → AttemptExecutor; a cached answer is replayed as events
 * without balancing or any upstream. `plan` with `dryRun` is routing and balancing without moving
 * any balancer (what `/api/route/explain` shows).
 */
@Injectable()
export class ChatPipeline {
  constructor(
    private readonly router: Router,
    private readonly balancing: BalancingStage,
    private readonly executor: AttemptExecutor,
    private readonly cache: AnswerCache,
    private readonly affinity: SessionAffinity,
    private readonly pins: PinAdoption,
  ) {}

  async plan(request: ChatRequest, allows?: ModelAllowance, options: BalanceOptions = {}): Promise<PlannedRequest> {
    const decision = await this.router.route(request, allows);
    return { decision, deployments: this.balancing.order(decision, options) };
  }

  /**
   * The route `open` takes for the caller, refused as `open` refuses it (a model the gateway does
   * not have, or none the caller's key may use can serve it); no upstream is asked.
   */
  route(request: ChatRequest, allows?: ModelAllowance): Promise<RouteDecision> {
    return this.router.route(request, allows);
  }

  /**
   * `inbound` (the client's body as it came) goes along for the deployments that relay it; `allows`,
   * the caller's model allowlist, keeps routing, and so the cache, fallbacks and session pins, to
   * the models its key may use.
   */
  async open(
    { request, inbound }: DecodedRequest,
    record: ExchangeRecord,
    client: ClientAbort,
    allows?: ModelAllowance,
  ): Promise<OpenedAnswer> {
    const decision = await this.router.route(request, allows);
    // A request that carries a secret is never cached, and its body stays out of the log whatever LOG_BODIES says.
    const confidential = decision.explanation.reason === 'privacy';
    if (confidential) record.requestBody = undefined;
    // With the cache off for every model, nothing is looked up and answers say nothing about it.
    const lookup =
      this.cache.enabled && !confidential
        ? await this.cache.lookup({
            request,
            inbound,
            models: decision.candidates.map((m) => m.name),
            headers: record.requestHeaders,
          })
        : NOT_CACHED;
    const route = this.cache.enabled ? { ...decision.explanation, cache: lookup.status } : decision.explanation;
    record.route = route;
    if (lookup.answer) return this.fromCache(lookup.answer, record, route);
    // Routing's checks (the key's allowlist among them) apply to the fallbacks balancing adds.
    const deployments = this.balancing.order(decision);
    // A private turn stays out of its session: it neither follows the pin nor moves it to a local model.
    const ordering = confidential
      ? { deployments }
      : this.affinity.order(
          request,
          { headers: record.requestHeaders, body: inbound.body },
          deployments,
          this.pins.forTurn(decision),
        );
    const sticky = ordering instanceof Promise ? await ordering : ordering;
    // One bound for the whole request, a pinned run and the routed one after it alike.
    const run = { deadline: this.executor.runDeadline() };
    const running = this.executor.run(request, inbound, sticky.deployments, record.attempts, client, run);
    const { deployment, answer, relayed } = await (sticky.routed === undefined
      ? running
      : this.orRouted(running, sticky.routed, { request, inbound, record, client, run }));
    this.affinity.settle(sticky, deployment, route);
    record.model = deployment.model.name;
    record.provider = deployment.provider;
    const meta: ResponseMeta = {
      model: deployment.model.name,
      provider: deployment.provider,
      requestId: record.requestId,
      route,
      attempts: record.attempts,
      // A relayed body lost nothing, so what the decoder left out is news only for a translation.
      warnings: relayed ? [] : (request.warnings ?? []),
      startedAt: record.startedAt,
    };
    const origin = { model: deployment.model.name, provider: deployment.provider };
    return { ...this.cache.keep(lookup, answer, origin), meta };
  }

  /**
   * A pin adopted from outside the turn's plan whose model refuses the request outright (an error
   * that ends its run, e.g. its context window or its upstream's 404) gives the turn back to the
   * routed plan, which then takes the pin: a session is never locked out by its pin. The routed
   * plan gets what is left of the request's attempts and time; when none is left, or it reached no
   * upstream, the client is told what the pinned model failed with (its status, its retry-after).
   */
  private async orRouted(
    running: Promise<AttemptOutcome>,
    routed: DeploymentRef[],
    turn: Turn,
  ): Promise<AttemptOutcome> {
    const { request, inbound, record, client, run } = turn;
    try {
      return await running;
    } catch (err) {
      // Only a failure of the pinned model itself: the routed plan already had its turn otherwise.
      if (client.aborted || routed.some((d) => d.model.name === record.attempts.at(-1)?.model)) throw err;
      if (!this.executor.hasRoom(record.attempts, run.deadline)) throw err;
      const tried = record.attempts.length;
      try {
        return await this.executor.run(request, inbound, routed, record.attempts, client, run);
      } catch (routedErr) {
        throw record.attempts.length === tried ? err : routedErr;
      }
    }
  }

  /** A stored answer, replayed as events for the client's dialect to encode; no upstream was asked. */
  private fromCache(answer: CachedAnswer, record: ExchangeRecord, route: RouteExplanation): OpenedAnswer {
    record.model = answer.model;
    record.provider = answer.provider;
    const meta: ResponseMeta = {
      model: answer.model,
      provider: answer.provider,
      requestId: record.requestId,
      route,
      attempts: record.attempts,
      warnings: [],
      startedAt: record.startedAt,
    };
    return { events: replay(answer), meta };
  }
}
