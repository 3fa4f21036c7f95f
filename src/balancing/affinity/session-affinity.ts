import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ChatRequest } from '#src/core/chat.types.js';
import type { AffinityOutcome, RouteExplanation } from '#src/core/route.types.js';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import { DEFAULT_AFFINITY } from '#src/config/config-defaults.js';
import type { AffinityConfig, GatewayConfig } from '#src/config/gateway-config.types.js';
import type { DeploymentRef } from '#src/catalog/model-catalog.js';
import { SHARED_STATE, type SharedState } from '#src/state/shared-state.types.js';
import type { Awaitable } from '#src/state/awaitable.js';
import { sessionIdOf } from './session-id.js';
import { withDeadline } from '#src/core/with-deadline.js';

/** How long a request waits for the shared store before going on without affinity. */
const READ_DEADLINE_MS = 50;

/** Where a request's session id may be found: the client's headers and its body as it came. */
export interface SessionClues {
  headers?: IncomingHttpHeaders;
  body?: Record<string, unknown>;
}

/** A planned request, with its session's pin (when it has one) tried first. */
export interface StickyPlan {
  deployments: DeploymentRef[];
  /** The store key of the session, when the request belongs to one. */
  key?: string;
  /** The deployment the session was pinned to before this turn. */
  pinned?: string;
  /** When the pin came from outside this turn's plan, that plan alone: what routing chose, and what to try if the pinned model fails. */
  routed?: DeploymentRef[];
}

/**
 * When this turn's plan leaves the session's pinned deployment out: that deployment, then its
 * model's other active ones, if the model may still answer this request (allowed, configured, not
 * drained, capable); undefined when it may not.
 */
export type PinAdopter = (pinned: string) => DeploymentRef[] | undefined;

/**
 * Session affinity: the turns of one agent session go to the deployment that answered the last
 * one, so the upstream's prompt cache keeps working and the model does not change mid-task. The
 * pin is an ordering preference: within what routing and balancing planned, or, when a routed
 * turn (not a named model, not a private one) is planned onto other models, ahead of that plan if
 * the pinned deployment may still answer it. A pinned deployment that may not (not allowed,
 * drained, gone, lacking a capability) is passed over, one behind an open breaker is skipped by
 * the executor, and whichever deployment answers becomes the new pin. Pins
 * live in the shared key-value store with a sliding TTL; a slow or failing store means no
 * affinity for that request, never a failed request.
 */
@Injectable()
export class SessionAffinity {
  private readonly config: AffinityConfig;
  private readonly logger = new Logger('SessionAffinity');

  constructor(
    @Inject(SHARED_STATE) private readonly state: SharedState,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.config = config.routing.affinity ?? DEFAULT_AFFINITY;
  }

  /**
   * Finds the request's session (and tells the request, for upstream cache hints), then puts the
   * session's pinned deployment first when it is among the planned ones, or, outside them, when `adopt` (given for a
   * routed request only) hands it back; the plan then follows as the fallback.
   */
  order(
    request: ChatRequest,
    clues: SessionClues,
    planned: DeploymentRef[],
    adopt?: PinAdopter,
  ): Awaitable<StickyPlan> {
    const session = this.config.enabled ? sessionIdOf(this.config, clues.headers, clues.body) : undefined;
    // Most requests carry no session: their plan is known at once, without a promise.
    if (session === undefined) return { deployments: planned };
    return this.pinnedOrder(request, session, planned, adopt);
  }

  private async pinnedOrder(
    request: ChatRequest,
    session: string,
    planned: DeploymentRef[],
    adopt: PinAdopter | undefined,
  ): Promise<StickyPlan> {
    request.sessionId = session;
    const key = storeKey(request.model, session);
    const pinned = await this.read(key);
    const first = planned.findIndex((d) => d.key === pinned);
    if (first >= 0) {
      const deployments = first === 0 ? planned : [planned[first], ...planned.filter((_, i) => i !== first)];
      return { deployments, key, pinned };
    }
    const kept = pinned === undefined ? undefined : adopt?.(pinned);
    if (kept === undefined) return { deployments: planned, key, pinned };
    return { deployments: [...kept, ...planned], key, pinned, routed: planned };
  }

  /** Pins the session to the deployment that answered and says how the turn went, on the route. */
  settle(plan: StickyPlan, answered: DeploymentRef, route: RouteExplanation): void {
    if (plan.key === undefined) return;
    route.affinity = outcome(plan.pinned, answered.key);
    const routedModel = plan.routed?.[0]?.model.name;
    if (route.affinity === 'kept' && routedModel !== undefined && routedModel !== answered.model.name)
      route.routedModel = routedModel;
    this.state.kv.set(plan.key, answered.key, this.config.ttlMs).catch((err: unknown) => {
      this.logger.warn(`session pin not stored: ${(err as Error).message}`);
    });
  }

  private async read(key: string): Promise<string | undefined> {
    try {
      return await withDeadline(this.state.kv.get(key), READ_DEADLINE_MS);
    } catch (err) {
      this.logger.warn(`session pin not read, going on without: ${(err as Error).message}`);
      return undefined;
    }
  }
}

function outcome(pinned: string | undefined, answered: string): AffinityOutcome {
  if (pinned === undefined) return 'new';
  return pinned === answered ? 'kept' : 'moved';
}

/**
 * One pin per session and model asked for: an agent's side calls on a small model (titles,
 * summaries) keep their own pin instead of moving the main conversation's. Hashed, so the key is
 * short and the client's id is not stored as is.
 */
function storeKey(model: string | undefined, session: string): string {
  const digest = createHash('sha256')
    .update(`${model ?? 'auto'}\n${session}`)
    .digest('base64url');
  return `affinity:${digest.slice(0, 32)}`;
}
