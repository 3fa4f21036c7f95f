import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { GatewayError, isGatewayError } from '#src/core/gateway-error.js';
import type { ClientKeyAuth, KeyHolder } from '#src/keys/client-key-auth.js';
import type { KeyHolders } from '#src/keys/key-holders.js';
import { codecForPath } from './dialect-exception.filter.js';

/**
 * The weights API keeps the admin token; Ollama clients' liveness and version probes come before
 * any key is sent; health, metrics and docs (no dialect) stay open to operators.
 */
const OPEN_PATHS = new Set(['/api/config/weights', '/ollama', '/ollama/', '/ollama/api/version']);

/** Whether a proxy path is a client's: every dialect endpoint and the model lists. */
export function needsClientKey(url: string): boolean {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return codecForPath(path) !== undefined && !OPEN_PATHS.has(path);
}

/**
 * While client keys are on, every client path needs a usable key, checked as the request arrives
 * (before its body is read); a refusal is written in the path's dialect. The checked key is kept
 * for the handler (allowlist, limits, spend). A callback hook rather than an async one: a key whose
 * lookup is cached is checked without a promise, and the request goes on in the same tick.
 */
export function clientKeyHook(auth: ClientKeyAuth, holders: KeyHolders) {
  return (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (!auth.enabled || !needsClientKey(req.url)) return done();
    const admit = (holder: KeyHolder | undefined) => {
      if (holder !== undefined) holders.set(req, holder);
      done();
    };
    const refuse = (err: unknown) => {
      const error = isGatewayError(err) ? err : new GatewayError('internal', 'The client key could not be checked');
      const codec = codecForPath(req.url);
      if (codec === undefined) return done(error);
      const { status, headers, body } = codec.encodeError(error, req.id);
      void reply.status(status).headers(headers).send(body);
    };
    let checked: ReturnType<ClientKeyAuth['authenticate']>;
    try {
      checked = auth.authenticate(req.headers);
    } catch (err) {
      return refuse(err);
    }
    if (checked instanceof Promise) checked.then(admit, refuse);
    else admit(checked);
  };
}
