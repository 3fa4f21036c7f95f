import type { FastifyReply, FastifyRequest } from 'fastify';

/** Every method a proxy route answers. */
const METHODS = 'GET, HEAD, POST, DELETE';

/** Request headers the official SDKs and Switchyard's own clients send, besides the prefixes below. */
const REQUEST_HEADERS = [
  'authorization',
  'x-api-key',
  'content-type',
  'content-encoding',
  'accept',
  'user-agent',
  'x-request-id',
  'idempotency-key',
];

/** Header families the Stainless-made SDKs grow over time: `anthropic-version`, `openai-beta`, `x-stainless-retry-count`. */
const REQUEST_HEADER_PREFIXES = ['anthropic-', 'openai-', 'x-stainless-'];

/** Response headers a browser app reads: ids, waits, limits and the routing outcome. */
const EXPOSED = [
  'x-request-id',
  'request-id',
  'retry-after',
  'retry-after-ms',
  'x-should-retry',
  ...['requests', 'tokens'].flatMap((of) => ['limit', 'remaining', 'reset'].map((k) => `x-ratelimit-${k}-${of}`)),
  ...['requests', 'tokens'].flatMap((of) =>
    ['limit', 'remaining', 'reset'].map((k) => `anthropic-ratelimit-${of}-${k}`),
  ),
  ...['model', 'provider', 'route', 'attempts', 'cache', 'warnings'].map((k) => `x-switchyard-${k}`),
].join(', ');

/** A preflight is cached this long by the browser (Chromium caps it at two hours). */
const PREFLIGHT_MAX_AGE_S = '600';

/**
 * Which web pages may call the proxy port from a browser: the origins listed (`CORS_ORIGINS`), or
 * every one for `*`. Credentials go in headers (a client key), never cookies, so none are allowed.
 */
export class CorsPolicy {
  private readonly anyOrigin: boolean;
  private readonly origins: Set<string>;
  private readonly requestHeaders: Set<string>;

  /** `sessionHeaders`: the headers session affinity reads, which a browser app may send too. */
  constructor(origins: readonly string[], sessionHeaders: readonly string[] = []) {
    this.anyOrigin = origins.includes('*');
    this.origins = new Set(origins);
    this.requestHeaders = new Set([...REQUEST_HEADERS, ...sessionHeaders.map((h) => h.toLowerCase())]);
  }

  /** The `access-control-allow-origin` for a page at `origin`; undefined when it is not allowed (never for `*`). */
  allowOrigin(origin: string): string | undefined {
    if (this.anyOrigin) return '*';
    return this.origins.has(origin) ? origin : undefined;
  }

  /** Headers for an answer to an allowed origin's request (its `vary` is set by `corsCheck`). */
  answerHeaders(allowed: string): Record<string, string> {
    return { 'access-control-allow-origin': allowed, 'access-control-expose-headers': EXPOSED };
  }

  /**
   * Headers for an answer to an allowed origin's preflight: the methods, and those of the headers
   * it asks for that Switchyard reads (a header left out fails the preflight, as it should).
   */
  preflightHeaders(allowed: string, asked: string | undefined, privateNetwork = false): Record<string, string> {
    const headers: Record<string, string> = {
      'access-control-allow-origin': allowed,
      'access-control-allow-methods': METHODS,
      'access-control-max-age': PREFLIGHT_MAX_AGE_S,
      vary: 'Origin, Access-Control-Request-Headers',
    };
    const granted = (asked ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== '' && this.readsHeader(h));
    if (granted.length > 0) headers['access-control-allow-headers'] = granted.join(', ');
    // Chromium asks before a public page reaches a gateway on this machine or network.
    if (privateNetwork) headers['access-control-allow-private-network'] = 'true';
    return headers;
  }

  private readsHeader(name: string): boolean {
    return this.requestHeaders.has(name) || REQUEST_HEADER_PREFIXES.some((p) => name.startsWith(p));
  }
}

/**
 * What the edge hook does for a browser's request: CORS headers on the answer to an allowed
 * origin, and whether the request is that origin's preflight (answered by the hook, before any
 * key check: a browser sends no credentials in one). Other origins' requests go on untouched.
 */
export type CorsCheck = (req: FastifyRequest, reply: FastifyReply) => boolean;

/**
 * `covers`: whether a path is one a browser app calls, i.e. one that takes a client key. The rest
 * (health, metrics, docs, the Ollama version probe, the admin-token weights API) never answer a
 * page: with `*` any site could otherwise read them from a gateway on the visitor's machine.
 */
export function corsCheck(policy: CorsPolicy, covers: (req: FastifyRequest) => boolean): CorsCheck {
  return (req, reply) => {
    if (!covers(req)) return false;
    // Every answer on these paths varies by origin (one without `origin` has no CORS header), so a
    // shared cache never hands one origin's answer, or a CORS-less one, to another.
    void reply.header('vary', 'Origin');
    const origin = req.headers.origin;
    if (origin === undefined) return false;
    const allowed = policy.allowOrigin(origin);
    if (allowed === undefined) return false;
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    void reply.headers(preflight ? preflightHeaders(policy, allowed, req) : policy.answerHeaders(allowed));
    return preflight;
  };
}

function preflightHeaders(policy: CorsPolicy, allowed: string, req: FastifyRequest): Record<string, string> {
  const headers = req.headers['access-control-request-headers'];
  const asked = Array.isArray(headers) ? headers.join(',') : headers;
  return policy.preflightHeaders(allowed, asked, req.headers['access-control-request-private-network'] === 'true');
}

/** The answer to an allowed preflight: its headers are already on the reply. */
export function answerPreflight(reply: FastifyReply): void {
  void reply.status(204).send();
}
