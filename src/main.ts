import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { ProxyModule } from './app.module.js';
import { createAdminApp } from './admin/admin-app.js';
import { resolveAdminToken, type AdminToken } from './admin/admin-token.js';
import { APP_INFO } from './admin/app-info.js';
import { AuthFailures } from './admin/auth-failures.js';
import { sharedFromProxy } from './admin/proxy-singletons.js';
import { systemClock } from './core/clock.js';
import { redactor } from './core/redact.js';
import { dataDirWarnings } from './config/data-dir.js';
import type { AppEnv } from './config/gateway-config.types.js';
import { loadSettings } from './config/settings.js';
import { codecForPath, DialectExceptionFilter } from './gateway/dialect-exception.filter.js';
import { configureFastify, createFastifyAdapter } from './http/fastify-setup.js';
import { setupSwagger } from './http/swagger.js';
import { loggerParams } from './observability/logging.js';
import { createSharedServices, sharedProviders } from './observability/shared-services.js';

/** Paths relative to this file (dist/main.js): the package root is one level up. */
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;
const DEFAULT_UI_DIR = fileURLToPath(new URL('../admin-ui/dist', import.meta.url));

function baseUrl(host: string, app: INestApplication): string {
  const { port } = app.getHttpServer().address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function announceAdmin(logger: Logger, adminUrl: string, token: AdminToken, env: AppEnv): void {
  if (token.generated) {
    // Printed once, on stdout only (the logger would redact it): this is how the operator learns it.
    console.log(`Admin token generated and kept in ${env.dataDir}/admin-token`);
    console.log(`Admin UI: ${adminUrl}/?token=${token.value}`);
  } else {
    const where = env.adminToken ? 'the ADMIN_TOKEN setting' : `${env.dataDir}/admin-token`;
    logger.log(`Admin UI: ${adminUrl}/ (admin token: ${where}; API docs: ${adminUrl}/docs)`, 'Bootstrap');
  }
}

async function bootstrap(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const { env, config, warnings } = await loadSettings(process.env);
  const adminToken = resolveAdminToken(env.adminToken, env.dataDir);
  const unwritable = dataDirWarnings(env.dataDir);
  redactor.register(adminToken.value);
  const shared = createSharedServices(env, config, systemClock);
  // One failure count per process, whichever port the wrong token was tried on.
  const sharedValues = [...sharedProviders(shared), { provide: AuthFailures, useValue: new AuthFailures(systemClock) }];
  const common = { env, config, adminToken, logger: loggerParams(env, shared.logRing) };

  const proxy = await NestFactory.create<NestFastifyApplication>(
    ProxyModule.forRoot({ ...common, shared: sharedValues }),
    createFastifyAdapter(env),
    { bufferLogs: true, bodyParser: false },
  );
  const logger = proxy.get(Logger);
  proxy.useLogger(logger);
  for (const w of warnings) logger.warn(w, 'config');
  // An unwritable DATA_DIR is the one line to read; it also says why the request log is in memory.
  for (const p of unwritable.length > 0 ? unwritable : shared.problems) logger.error(p, 'RequestLog');
  configureFastify(proxy.getHttpAdapter().getInstance(), common.logger, { env, codecFor: codecForPath });
  proxy.useGlobalFilters(new DialectExceptionFilter(proxy.getHttpAdapter()));
  setupSwagger(proxy);
  proxy.enableShutdownHooks();

  // Filled in once the proxy listens (its port may be chosen by the OS); nothing reads it before.
  const info = { version: VERSION, startedAt: Date.now(), proxyUrl: '' };
  const adminShared = [...sharedValues, ...sharedFromProxy(proxy), { provide: APP_INFO, useValue: info }];
  const admin = await createAdminApp(
    { ...common, shared: adminShared, uiDir: env.adminUiDir ?? DEFAULT_UI_DIR },
    VERSION,
  );
  // The admin port opens first, so a live proxy port means both are up.
  await admin.listen(env.adminPort, env.host);
  await proxy.listen(env.proxyPort, env.host);
  const proxyUrl = (info.proxyUrl = baseUrl(env.host, proxy));
  const adminUrl = baseUrl(env.host, admin);

  logger.log(
    `Switchyard proxy listening on ${proxyUrl} (config: ${config.origin}; docs: ${proxyUrl}/docs)`,
    'Bootstrap',
  );
  announceAdmin(logger, adminUrl, adminToken, env);
  if (config.demoMode) {
    logger.warn(
      'DEMO MODE: no provider key is configured, so only the built-in demo model "switchyard-demo" answers. ' +
        'Set CLAUDE_API_KEY, OPENAI_API_KEY or CURSOR_API_KEY (or OLLAMA_BASE_URL) to reach real models.',
      'Bootstrap',
    );
  }
}

bootstrap().catch((err: unknown) => {
  // Configuration problems are listed one per line; anything else is a crash worth its stack.
  const problems = (err as { problems?: string[] }).problems;
  if (Array.isArray(problems)) {
    console.error(`Switchyard cannot start: the configuration has ${problems.length} problem(s):`);
    for (const p of problems) console.error(`  - ${p}`);
  } else {
    console.error('Switchyard failed to start:', err);
  }
  process.exit(1);
});
