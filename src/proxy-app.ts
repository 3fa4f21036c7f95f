import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { codecForPath, DialectExceptionFilter } from '#src/dialects/dialect-exception.filter.js';
import { createHttpApp, type HttpAppOptions } from '#src/http/http-app.js';
import { setupSwagger } from '#src/http/swagger.js';
import { ProxyModule } from './app.module.js';

/** Builds the proxy app (not yet listening) on the runtime: errors in each path's dialect, Swagger at `/docs`. */
export async function createProxyApp(
  runtime: INestApplicationContext,
  options: Omit<HttpAppOptions, 'codecFor'>,
): Promise<NestFastifyApplication> {
  const proxy = await createHttpApp(ProxyModule.on(runtime), { ...options, codecFor: codecForPath });
  proxy.useGlobalFilters(new DialectExceptionFilter(proxy.getHttpAdapter()));
  setupSwagger(proxy);
  return proxy;
}
