import type { INestApplication, INestApplicationContext, LoggerService, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { createAdminApp } from '#src/admin-app.js';
import { PinoNestLogger } from '#src/observability/nest-logger.adapter.js';
import type { AppInfo } from '#src/admin/app-info.js';
import { ExchangesInFlight } from '#src/gateway/exchanges-in-flight.js';
import { OpenRequests } from '#src/gateway/open-requests.js';
import { createProxyApp } from './proxy-app.js';
import { quietStartupLogger } from './quiet-startup.logger.js';
import { RuntimeModule, type RuntimeOptions } from './runtime.module.js';

export interface GatewayParts extends Omit<RuntimeOptions, 'info'> {
  version: string;
  /** The built admin UI (`admin-ui/dist` unless ADMIN_UI_DIR says otherwise). */
  uiDir: string;
  /** Leave out Nest's start-up lines (modules loaded, routes mapped): a banner says what matters. */
  quietStartup: boolean;
  /** Nest's instance instrumentation, given to all three (tracing; the lifecycle spec counts hook calls with it). */
  instrument?: NestApplicationOptions['instrument'];
}

export interface ComposedGateway {
  runtime: INestApplicationContext;
  proxy: NestFastifyApplication;
  admin: NestFastifyApplication;
  logger: LoggerService;
  /** Builds both apps whole (routes, start-up hooks, fastify's own start), still without listening. */
  init(): Promise<void>;
  /** Opens the admin port, then the proxy's, so a live proxy port means both are up. */
  listen(): Promise<{ proxyUrl: string; adminUrl: string }>;
  /**
   * Closes both HTTP apps (each drains its answers in flight), waits for the exchanges cut at the
   * drain deadline to be recorded, then closes the runtime (whose shutdown hooks write out the request log).
   */
  close(): Promise<void>;
}

/** How long a stop waits for cut exchanges to reach the request log: they unwind within milliseconds. */
const RECORD_CUT_WITHIN_MS = 500;

function baseUrl(host: string, app: INestApplication): string {
  const { port } = app.getHttpServer().address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * The composition root: the runtime (the whole domain, every lifecycle hook) is created once,
 * then two thin HTTP apps are built on its exports. Nothing listens yet.
 */
export async function composeGateway(parts: GatewayParts): Promise<ComposedGateway> {
  const { env } = parts;
  // Filled in once the proxy listens (its port may be chosen by the OS); nothing reads it before.
  const info: AppInfo = { version: parts.version, startedAt: Date.now(), proxyUrl: '' };
  const runtime = await NestFactory.createApplicationContext(RuntimeModule.forRoot({ ...parts, info }), {
    bufferLogs: true,
    instrument: parts.instrument,
  });
  const nestLogger = new PinoNestLogger(parts.logger);
  const logger = parts.quietStartup ? quietStartupLogger(nestLogger) : nestLogger;
  runtime.useLogger(logger);
  // Both apps' drains end together; the first to end cuts the chat and embeddings requests still running in either.
  const atDrainEnd = () => runtime.get(OpenRequests).cutAll();
  const http = { env, accessLog: parts.logger, logger, instrument: parts.instrument, atDrainEnd };
  const proxy = await createProxyApp(runtime, { ...http, bindHost: env.host });
  const admin = await createAdminApp(runtime, {
    ...http,
    bindHost: env.adminHost,
    uiDir: parts.uiDir,
    version: parts.version,
  });
  return {
    runtime,
    proxy,
    admin,
    logger,
    async init() {
      for (const app of [admin, proxy]) {
        await app.init();
        // fastify's own start (plugins, route tree), which listen() would otherwise run.
        await app.getHttpAdapter().getInstance().ready();
      }
    },
    async listen() {
      await admin.listen(env.adminPort, env.adminHost);
      await proxy.listen(env.proxyPort, env.host);
      info.proxyUrl = baseUrl(env.host, proxy);
      return { proxyUrl: info.proxyUrl, adminUrl: baseUrl(env.adminHost, admin) };
    },
    async close() {
      // Together, so the two drains share one deadline rather than adding up.
      await Promise.all([proxy.close(), admin.close()]);
      await runtime.get(ExchangesInFlight).allRecorded(RECORD_CUT_WITHIN_MS);
      await runtime.close();
    },
  };
}
