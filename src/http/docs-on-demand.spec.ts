import { Controller, Get, Logger, Module, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiOperation } from '#src/core/api-docs.js';
import { serveDocsOnDemand } from './docs-on-demand.js';

@Controller('ping')
class PingController {
  @Get()
  @ApiOperation({ summary: 'Answers pong' })
  ping(): string {
    return 'pong';
  }
}

@Module({ controllers: [PingController] })
class PingModule {}

/** Keeps what the app logs, as the gateway's own logger would print it. */
class HeardLogger implements LoggerService {
  readonly heard: string[] = [];
  log = (message: unknown) => this.heard.push(String(message));
  error = (message: unknown) => this.heard.push(String(message));
  warn = (message: unknown) => this.heard.push(String(message));
}

describe('the docs served on demand', () => {
  const logger = new HeardLogger();
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(PingModule, new FastifyAdapter(), { logger });
    serveDocsOnDemand(app, { title: 'Ping service', description: 'Answers', version: '1.0.0' });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.getHttpAdapter().getInstance().inject({ method: 'GET', url, headers });

  it('build the document of the app on the first request', async () => {
    const answer = await get('/docs-json');
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({
      info: { title: 'Ping service', version: '1.0.0' },
      paths: { '/ping': { get: { summary: 'Answers pong' } } },
    });
  });

  it('leave the app’s own logging on after they are built', async () => {
    expect((await get('/docs-json')).statusCode).toBe(200);
    new Logger('Upstream').error('still heard after the docs');
    expect(logger.heard).toContain('still heard after the docs');
  });

  it('answer a revalidation with 304 and no body', async () => {
    const first = await get('/docs/swagger-ui.css');
    expect(first.statusCode).toBe(200);
    const etag = first.headers.etag;
    expect(typeof etag).toBe('string');
    const again = await get('/docs/swagger-ui.css', { 'if-none-match': String(etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers['content-length']).toBeUndefined();
  });
});
