import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { codecForPath, DialectExceptionFilter } from '#src/dialects/dialect-exception.filter.js';
import { DEFAULT_AFFINITY } from '#src/config/config-defaults.js';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { AppEnv, GatewayConfig } from '#src/config/gateway-config.types.js';
import { corsCheck, CorsPolicy, type CorsCheck } from '#src/http/cors.js';
import { createHttpApp, type HttpAppOptions } from '#src/http/http-app.js';
import { servedPath } from '#src/http/served-path.js';
import { setupSwagger } from '#src/http/swagger.js';
import { RouteTable } from '#src/http/route-table.js';
import { serveDirectRoutes } from '#src/http/direct-route.js';
import { clientKeyHook, needsClientKey } from '#src/dialects/client-key.hook.js';
import { serveOllamaRootWithSlash } from '#src/dialects/ollama/ollama-models.controller.js';
import { ClientKeyAuth } from '#src/keys/client-key-auth.js';
import { KEY_HOLDER_SLOT, KeyHolders } from '#src/keys/key-holders.js';
import { ProxyModule } from './app.module.js';

/** Builds the proxy app (not yet listening) on the runtime: errors in each path's dialect, Swagger at `/docs`. */
export async function createProxyApp(
  runtime: INestApplicationContext,
  options: Omit<HttpAppOptions, 'codecFor'>,
): Promise<NestFastifyApplication> {
  // Client paths take a client key while keys are on (see clientKeyHook for which), checked on
  // arrival after the `Host` check.
  const admit = clientKeyHook(runtime.get(ClientKeyAuth), runtime.get(KeyHolders));
  // Compressed bodies are inflated on the client paths only, whose key is checked before the body is
  // read: a caller without one never gets the gateway to inflate anything. With keys off those paths
  // are open by design, and the body limit bounds what a compressed body inflates to as it bounds a plain one.
  const proxy = await createHttpApp(ProxyModule.on(runtime), {
    ...options,
    codecFor: codecForPath,
    cors: browserAccess(options.env, runtime.get<GatewayConfig>(GATEWAY_CONFIG)),
    admit,
    inflates: needsClientKey,
  });
  const routes = RouteTable.recording(proxy.getHttpAdapter().getInstance());
  proxy.useGlobalFilters(new DialectExceptionFilter(proxy.getHttpAdapter(), routes));
  // The chat routes (the hot path) run their handlers without Nest's per-request layers.
  serveDirectRoutes(proxy.getHttpAdapter().getInstance(), proxy);
  serveOllamaRootWithSlash(proxy.getHttpAdapter().getInstance());
  // The slot for the checked key is declared on every request up front, so filling it keeps the request's shape.
  proxy.getHttpAdapter().getInstance().decorateRequest(KEY_HOLDER_SLOT, null);
  setupSwagger(proxy);
  return proxy;
}

/**
 * CORS for the origins `CORS_ORIGINS` lists, on the client paths only (those taking a client key);
 * none (no CORS header at all) when it is unset.
 */
function browserAccess(env: AppEnv, config: GatewayConfig): CorsCheck | undefined {
  if (env.corsOrigins.length === 0) return undefined;
  const policy = new CorsPolicy(env.corsOrigins, (config.routing.affinity ?? DEFAULT_AFFINITY).headers);
  return corsCheck(policy, (req) => needsClientKey(servedPath(req)));
}
