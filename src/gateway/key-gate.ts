import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller, ChatRequest, DialectKind } from '#src/core/chat.types.js';
import { ModelCatalog } from '#src/catalog/model-catalog.js';
import { KeyAdmission, type Admission, type ModelNameOf } from '#src/keys/key-admission.js';
import { KeyHolders } from '#src/keys/key-holders.js';
import type { ModelAllowance } from '#src/routing/request-fit.js';
import type { Awaitable } from '#src/state/awaitable.js';

/**
 * The request path's door for client keys: a request the proxy's guard found a key on is admitted
 * by that key's rules (allowlist, limits, budget); one without (keys off, or the admin playground)
 * passes untouched.
 */
@Injectable()
export class KeyGate {
  /**
   * The model a sent name resolves to, which is the one called: a key's allowlist is checked on it,
   * so a dated snapshot of an allowed model passes and a pattern the sent name alone matches does not.
   */
  private readonly modelNameOf: ModelNameOf;

  constructor(
    private readonly holders: KeyHolders,
    private readonly admission: KeyAdmission,
    catalog: ModelCatalog,
  ) {
    this.modelNameOf = (sent) => catalog.find(sent)?.name;
  }

  /** Who is asking: the key the proxy's guard found on the request, known before its body is read. */
  callerOf(req: FastifyRequest): Caller | undefined {
    return this.holders.of(req)?.caller;
  }

  admit(
    req: FastifyRequest,
    reply: FastifyReply,
    request: ChatRequest,
    dialect: DialectKind,
    promptTokens?: () => number,
  ): Awaitable<Admission | undefined> {
    const holder = this.holders.of(req);
    if (holder === undefined) return undefined;
    return this.admission.admit(holder, request, dialect, reply, this.modelNameOf, promptTokens);
  }

  /**
   * The models the request's key lets it be routed to (undefined: every one), after the refusals `admit`
   * would make for its model and routing rights, counting nothing: what a dry run must respect.
   */
  allowance(req: FastifyRequest, request: ChatRequest): ModelAllowance {
    const holder = this.holders.of(req);
    if (holder === undefined) return undefined;
    this.admission.checkRights(holder, request, this.modelNameOf);
    return holder.key.allowedModels.length === 0 ? undefined : holder.allows;
  }
}
