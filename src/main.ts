import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { ProxyModule } from './app.module.js';
import { resolveAdminToken } from './admin/admin-token.js';
import { redactor } from './core/redact.js';
import { loadSettings } from './config/settings.js';
import { DialectExceptionFilter } from './gateway/dialect-exception.filter.js';
import { configureFastify, createFastifyAdapter } from './http/fastify-setup.js';
import { setupSwagger } from './http/swagger.js';

async function bootstrap(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const { env, config, warnings } = await loadSettings(process.env);
  const adminToken = resolveAdminToken(env.adminToken, env.dataDir);
  redactor.register(adminToken.value);

  const proxy = await NestFactory.create<NestFastifyApplication>(
    ProxyModule.forRoot(env, config, adminToken),
    createFastifyAdapter(env),
    { bufferLogs: true, bodyParser: false },
  );
  const logger = proxy.get(Logger);
  proxy.useLogger(logger);
  configureFastify(proxy.getHttpAdapter().getInstance());
  proxy.useGlobalFilters(new DialectExceptionFilter(proxy.getHttpAdapter()));
  setupSwagger(proxy);
  proxy.enableShutdownHooks();
  await proxy.listen(env.proxyPort, env.host);

  for (const w of warnings) logger.warn(w, 'config');
  const base = `http://${env.host.includes(':') ? `[${env.host}]` : env.host}:${env.proxyPort}`;
  logger.log(`Switchyard proxy listening on ${base} (config: ${config.origin}; docs: ${base}/docs)`, 'Bootstrap');
  if (adminToken.generated) {
    // Printed once, on stdout only (the logger would redact it): this is how the operator learns it.
    console.log(`Admin token generated and kept in ${env.dataDir}/admin-token: ${adminToken.value}`);
  }
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
