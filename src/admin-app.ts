import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, type HttpAppOptions } from '#src/http/http-app.js';
import { adminCodecForPath, AdminExceptionFilter } from '#src/admin/admin-exception.filter.js';
import { AdminModule } from '#src/admin/admin.module.js';
import { RuntimeBridgeModule } from './runtime-bridge.module.js';
import { setupAdminSwagger } from '#src/admin/admin-swagger.js';
import { securityHeadersHook } from '#src/admin/security-headers.hook.js';

export interface AdminAppOptions extends Omit<HttpAppOptions, 'codecFor'> {
  uiDir: string;
  version: string;
}

/** Builds the admin app (not yet listening) on the runtime: the UI's files and API, security headers, its error shape. */
export async function createAdminApp(
  runtime: INestApplicationContext,
  options: AdminAppOptions,
): Promise<NestFastifyApplication> {
  const admin = await createHttpApp(AdminModule.on(RuntimeBridgeModule.from(runtime), options.uiDir), {
    ...options,
    codecFor: adminCodecForPath,
  });
  admin.getHttpAdapter().getInstance().addHook('onSend', securityHeadersHook);
  admin.useGlobalFilters(new AdminExceptionFilter(admin.getHttpAdapter()));
  setupAdminSwagger(admin, options.version);
  return admin;
}
