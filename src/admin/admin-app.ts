import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, type HttpAppOptions } from '#src/http/http-app.js';
import { adminCodecForPath, AdminExceptionFilter } from './admin-exception.filter.js';
import { AdminModule } from './admin.module.js';
import { setupAdminSwagger } from './admin-swagger.js';
import { securityHeadersHook } from './security-headers.hook.js';

export interface AdminAppOptions extends Omit<HttpAppOptions, 'codecFor'> {
  uiDir: string;
  version: string;
}

/** Builds the admin app (not yet listening) on the runtime: the UI's files and API, security headers, its error shape. */
export async function createAdminApp(
  runtime: INestApplicationContext,
  options: AdminAppOptions,
): Promise<NestFastifyApplication> {
  const admin = await createHttpApp(AdminModule.on(runtime, options.uiDir), {
    ...options,
    codecFor: adminCodecForPath,
  });
  admin.getHttpAdapter().getInstance().addHook('onSend', securityHeadersHook);
  admin.useGlobalFilters(new AdminExceptionFilter(admin.getHttpAdapter()));
  setupAdminSwagger(admin, options.version);
  return admin;
}
