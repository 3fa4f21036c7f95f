import type { FastifyRequest } from 'fastify';

/**
 * The path a request is served by: the matched route's, as registered, or the URL's own when no
 * route matched. Decisions about a request (does it need a client key, which dialect answers its
 * errors) go by this, never by the raw URL: the router decodes percent-escapes and takes an
 * absolute `http://host/path` target before matching, so `/%761/chat/completions` and
 * `http://x/v1/messages` reach the same handlers as the plain spelling.
 */
export function servedPath(req: FastifyRequest): string {
  return req.routeOptions.url ?? req.url;
}
