import type { DynamicModule, LoggerService, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { configureFastify, createFastifyAdapter, type EdgeOptions } from './fastify-setup.js';

export interface HttpAppOptions extends EdgeOptions {
  /** The runtime's pino root: access lines go to it. */
  accessLog: Logger;
  /** The runtime's logger: Nest's own lines from either app go through it. */
  logger: LoggerService;
  instrument?: NestApplicationOptions['instrument'];
}

/** One thin HTTP app on the fastify adapter, not yet listening: same adapter settings, body parsers and logger for both. */
export async function createHttpApp(module: DynamicModule, options: HttpAppOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, createFastifyAdapter(options.env), {
    bufferLogs: true,
    bodyParser: false,
    instrument: options.instrument,
  });
  app.useLogger(options.logger);
  configureFastify(app.getHttpAdapter().getInstance(), options.accessLog, options);
  return app;
}
