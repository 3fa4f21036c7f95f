import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GatewayError } from '#src/core/gateway-error.js';

interface Route {
  pattern: RegExp;
  methods: Set<string>;
}

/** `/v1/models/:id` → a pattern matching `/v1/models/anything`; a wildcard matches the rest. */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) return '[^/]+';
      if (segment === '*') return '.*';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}$`);
}

/**
 * The methods each registered path takes, so that a request no route served is told apart: a
 * path no route has (404) from a known path asked with another method (405).
 */
export class RouteTable {
  private readonly byUrl = new Map<string, Route>();

  /** Records every route fastify registers from now on: call before the app initialises its routes. */
  static recording(fastify: FastifyInstance): RouteTable {
    const table = new RouteTable();
    fastify.addHook('onRoute', (route) => table.add(route.url, route.method));
    return table;
  }

  add(url: string, method: string | string[]): void {
    let route = this.byUrl.get(url);
    if (route === undefined) {
      route = { pattern: patternOf(url), methods: new Set() };
      this.byUrl.set(url, route);
    }
    for (const m of Array.isArray(method) ? method : [method]) route.methods.add(m.toUpperCase());
  }

  /** The methods some route takes at this path, sorted; none for a path no route has. */
  methodsAt(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.byUrl.values())
      if (route.pattern.test(path)) for (const m of route.methods) methods.add(m);
    return [...methods].sort();
  }
}

/**
 * Why no route served the request, in words a client can act on: the gateway called no upstream,
 * so this is neither an upstream's 404 nor a model's.
 */
export function routeMiss(req: FastifyRequest, allowed: readonly string[]): GatewayError {
  const path = req.url.split('?', 1)[0];
  if (allowed.length === 0)
    return new GatewayError(
      'route_not_found',
      `Unknown URL: ${req.method} ${path}. No route of this gateway serves this path: check it, and the client's base URL`,
    );
  return new GatewayError(
    'method_not_allowed',
    `${req.method} ${path} is not served: this path takes ${allowed.join(', ')}`,
  );
}
