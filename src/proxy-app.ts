import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { codecForPath, DialectExceptionFilter } from '#src/dialects/dialect-exception.filter.js';
import { createHttpApp, type HttpAppOptions } from '#src/http/http-app.js';
import { setupSwagger } from '#src/http/swagger.js';
import { clientKeyHook } from '#src/dialects/client-key.hook.js';
import { ClientKeyAuth } from '#src/keys/client-key-auth.js';
import { KeyHolders } from '#src/keys/key-holders.js';
import { ProxyModule } from './app.module.js';

/** Builds the proxy app (not yet listening) on the runtime: errors in each path's dialect, Swagger at `/docs`. */
export async function createProxyApp(
  runtime: INestApplicationContext,
  options: Omit<HttpAppOptions, 'codecFor'>,
): Promise<NestFastifyApplication> {
  const proxy = await createHttpApp(ProxyModule.on(runtime), { ...options, codecFor: codecForPath });
  proxy.useGlobalFilters(new DialectExceptionFilter(proxy.getHttpAdapter()));
  // Client paths take a client key while keys are on (see clientKeyHook for which).
  proxy
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', clientKeyHook(runtime.get(ClientKeyAuth), runtime.get(KeyHolders)));
  setupSwagger(proxy);
  return proxy;
}
