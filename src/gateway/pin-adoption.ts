import { Injectable } from '@nestjs/common';
import type { ChatRequest } from '#src/core/chat.types.js';
import type { PinAdopter } from '#src/balancing/affinity/session-affinity.js';
import { ModelCatalog, type DeploymentRef } from '#src/catalog/model-catalog.js';
import { requestNeeds, unfitReason } from '#src/routing/capabilities.js';
import type { RouteDecision } from '#src/routing/router.service.js';
import type { ModelAllowance } from './route-allowlist.js';

/**
 * Whether a session's pinned deployment may answer a turn that routing planned onto other models,
 * so the session keeps its model mid-task. Only a routed turn may be steered so: a model the client
 * named keys its own pin, models a request's own `routing_rules` chose are the client's choice, and
 * a request carrying a secret goes to the local models and nowhere else.
 * The pin must still be allowed for the client's key, in the catalog, configured, not drained, and
 * able to serve the request as routing would require (vision, tools, context window).
 */
@Injectable()
export class PinAdoption {
  constructor(private readonly catalog: ModelCatalog) {}

  /** The check for this turn, or undefined when no pin may override its route. */
  forTurn(decision: RouteDecision, request: ChatRequest, allows: ModelAllowance): PinAdopter | undefined {
    const reason = decision.explanation.reason;
    // The client chose the models itself (by name or its own `routing_rules`), or the turn is private.
    if (reason === 'explicit' || reason === 'request_rule' || reason === 'privacy') return undefined;
    return (pinned) => this.adopt(pinned, request, allows);
  }

  private adopt(pinned: string, request: ChatRequest, allows: ModelAllowance): DeploymentRef[] | undefined {
    // A key is `model/<index>` and model names may contain `/`: the model is before the last one.
    const name = pinned.slice(0, pinned.lastIndexOf('/'));
    const model = this.catalog.find(name);
    if (model?.name !== name || (allows !== undefined && !allows(name))) return undefined;
    if (this.catalog.status(model) !== 'available' || this.catalog.modelWeight(model) <= 0) return undefined;
    const active = this.catalog.deployments(model).filter((d) => d.weight > 0);
    const deployment = active.find((d) => d.key === pinned);
    if (deployment === undefined || unfitReason(model, requestNeeds(request)) !== undefined) return undefined;
    // Its model's other deployments next: one behind an open breaker need not move the session off the model.
    return [deployment, ...active.filter((d) => d !== deployment)];
  }
}
