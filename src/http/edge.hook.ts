import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction, onRequestHookHandler } from 'fastify';
import type { DialectCodec } from '#src/dialects/dialect.types.js';
import { refuseWhileClosing } from './closing-refusal.js';
import { answerPreflight, type CorsCheck } from './cors.js';
import { refuseHost } from './host-check.hook.js';

/** A check of the app's own, run last by the edge hook: it calls `done`, or answers the request itself. */
export type AdmissionCheck = (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;

export interface EdgeChecks {
  /** The `Host` names answered; undefined when every name is. */
  allows: ((host: string) => boolean) | undefined;
  /** The error shape of a path, for a refusal; undefined means the refusal's own plain answer. */
  codecFor: (url: string) => DialectCodec | undefined;
  /** Whether the server has begun closing: a request arriving then is refused with 503. */
  closing?: () => boolean;
  /** CORS for browser pages, where the app allows any (see corsCheck). */
  cors?: CorsCheck;
  admit?: AdmissionCheck;
}

/**
 * Everything a request meets on arrival, in one hook and in this order: its `x-request-id` is
 * echoed (so every refusal carries it), its `Host` is checked against DNS rebinding, an allowed
 * web origin's answer gets its CORS headers (so later refusals carry them too), it is refused if the
 * server is closing, an allowed origin's preflight is answered, then the app's own check runs. One
 * hook rather than one each: fastify passes every request through each hook it holds.
 */
export function edgeHook({ allows, codecFor, closing, cors, admit }: EdgeChecks): onRequestHookHandler {
  return (req, reply, done) => {
    void reply.header('x-request-id', req.id);
    // HTTP/1.0 may omit Host; no browser does, and a rebinding page always sends its own.
    const host = req.headers.host;
    if (allows !== undefined && host !== undefined && !allows(host)) return refuseHost(req, reply, codecFor);
    const preflight = cors?.(req, reply) === true;
    if (closing?.() === true) return refuseWhileClosing(req, reply, codecFor);
    if (preflight) return answerPreflight(reply);
    if (admit === undefined) return done();
    admit(req, reply, done);
  };
}
