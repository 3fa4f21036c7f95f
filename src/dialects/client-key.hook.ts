import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError, isGatewayError } from '#src/core/gateway-error.js';
import type { ClientKeyAuth } from '#src/keys/client-key-auth.js';
import type { KeyHolders } from '#src/keys/key-holders.js';
import { codecForPath } from './dialect-exception.filter.js';

/**
 * The weights API keeps the admin token; Ollama clients' liveness and version probes come before
 * any key is sent; health, metrics and docs (no dialect) stay open to operators.
 */
const OPEN_PATHS = new Set(['/api/config/weights', '/ollama', '/ollama/', '/ollama/api/version']);

/** Whether a proxy path is a client's: every dialect endpoint and the model lists. */
export function needsClientKey(url: string): boolean {
  const path = url.split('?', 1)[0];
  return codecForPath(path) !== undefined && !OPEN_PATHS.has(path);
}

/**
 * While client keys are on, every client path needs a usable key, checked as the request arrives
 * (before its body is read); a refusal is written in the path's dialect. The checked key is kept
 * for the handler (allowlist, limits, spend).
 */
export function clientKeyHook(auth: ClientKeyAuth, holders: KeyHolders) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!auth.enabled || !needsClientKey(req.url)) return;
    try {
      const holder = await auth.authenticate(req.headers);
      if (holder !== undefined) holders.set(req, holder);
    } catch (err) {
      const error = isGatewayError(err) ? err : new GatewayError('internal', 'The client key could not be checked');
      const codec = codecForPath(req.url);
      if (codec === undefined) throw error;
      const { status, headers, body } = codec.encodeError(error, req.id);
      await reply.status(status).headers(headers).send(body);
    }
  };
}
