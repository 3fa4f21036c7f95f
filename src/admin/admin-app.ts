import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { configureFastify, createFastifyAdapter } from '#src/http/fastify-setup.js';
import { adminCodecForPath, AdminExceptionFilter } from './admin-exception.filter.js';
import { AdminModule, type AdminModuleOptions } from './admin.module.js';
import { setupAdminSwagger } from './admin-swagger.js';
import { securityHeadersHook } from './security-headers.hook.js';

/** Builds the admin app (not yet listening), set up like the proxy: same adapter settings, body parsers, logger. */
export async function createAdminApp(options: AdminModuleOptions, version: string): Promise<NestFastifyApplication> {
  const admin = await NestFactory.create<NestFastifyApplication>(
    AdminModule.forRoot(options),
    createFastifyAdapter(options.env),
    { bufferLogs: true, bodyParser: false },
  );
  admin.useLogger(admin.get(Logger));
  configureFastify(admin.getHttpAdapter().getInstance(), options.logger, {
    env: options.env,
    codecFor: adminCodecForPath,
  });
  admin.getHttpAdapter().getInstance().addHook('onSend', securityHeadersHook);
  admin.useGlobalFilters(new AdminExceptionFilter(admin.getHttpAdapter()));
  setupAdminSwagger(admin, version);
  admin.enableShutdownHooks();
  return admin;
}
