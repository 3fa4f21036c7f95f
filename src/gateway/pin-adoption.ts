import { Injectable } from '@nestjs/common';
import type { PinAdopter } from '#src/balancing/affinity/session-affinity.js';
import { ModelCatalog, type DeploymentRef } from '#src/catalog/model-catalog.js';
import type { RouteDecision } from '#src/routing/router.service.js';

/**
 * Whether a session's pinned deployment may answer a turn that routing planned onto other models,
 * so the session keeps its model mid-task. Only a routed turn may be steered so: a model the client
 * named keys its own pin, models a request's own `routing_rules` chose are the client's choice, and
 * a request carrying a secret goes to the local models and nowhere else.
 * The pin must still be in the catalog and fit the request as routing requires of every model
 * (`RouteDecision.fit`: allowed for the client's key, configured, not drained, capable).
 */
@Injectable()
export class PinAdoption {
  constructor(private readonly catalog: ModelCatalog) {}

  /** The check for this turn, or undefined when no pin may override its route. */
  forTurn(decision: RouteDecision): PinAdopter | undefined {
    const reason = decision.explanation.reason;
    // The client chose the models itself (by name or its own `routing_rules`), or the turn is private.
    if (reason === 'explicit' || reason === 'request_rule' || reason === 'privacy') return undefined;
    return (pinned) => this.adopt(pinned, decision);
  }

  private adopt(pinned: string, decision: RouteDecision): DeploymentRef[] | undefined {
    // A key is `model/<index>` and model names may contain `/`: the model is before the last one.
    const name = pinned.slice(0, pinned.lastIndexOf('/'));
    const model = this.catalog.find(name);
    if (model?.name !== name || !decision.fit.fits(model)) return undefined;
    const active = this.catalog.deployments(model).filter((d) => d.weight > 0);
    const deployment = active.find((d) => d.key === pinned);
    if (deployment === undefined) return undefined;
    // Its model's other deployments next: one behind an open breaker need not move the session off the model.
    return [deployment, ...active.filter((d) => d !== deployment)];
  }
}
