import {
  Body,
  type ArgumentsHost,
  Catch,
  Controller,
  type ExceptionFilter,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  Module,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { DirectRoute, serveDirectRoutes } from './direct-route.js';

@Injectable()
class Greeter {
  greet(name: unknown): string {
    return `hello ${String(name)}`;
  }
}

@Controller()
class GreetingController {
  constructor(private readonly greeter: Greeter) {}

  @Post('greet')
  @DirectRoute()
  greet(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return reply.send({ greeting: this.greeter.greet((req.body as { name?: unknown }).name) });
  }

  @Post('fail')
  @DirectRoute()
  fail(@Req() _req: FastifyRequest, @Res() _reply: FastifyReply): Promise<void> {
    return Promise.reject(new Error('the handler failed'));
  }

  @Post('nest')
  nest(): { by: string } {
    return { by: 'nest' };
  }
}

@Module({ controllers: [GreetingController], providers: [Greeter] })
class GreetingModule {}

@Catch()
class ShapedErrors implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.status(502).send({ shaped: (exception as Error).message });
  }
}

/** Marks what passed through Nest's per-request layers. */
class NestMark implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    void context.switchToHttp().getResponse<FastifyReply>().header('x-through-nest', 'yes');
    return next.handle();
  }
}

describe('routes served straight from fastify', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(GreetingModule, new FastifyAdapter(), { logger: false });
    app.useGlobalFilters(new ShapedErrors());
    app.useGlobalInterceptors(new NestMark());
    serveDirectRoutes(app.getHttpAdapter().getInstance(), app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  const post = (url: string, payload: object = {}) =>
    app.getHttpAdapter().getInstance().inject({ method: 'POST', url, payload });

  it('run the controller method, with its injected dependencies', async () => {
    const answer = await post('/greet', { name: 'Ada' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ greeting: 'hello Ada' });
  });

  it('skip Nest’s per-request layers, interceptors included', async () => {
    expect((await post('/greet', { name: 'Ada' })).headers['x-through-nest']).toBeUndefined();
    expect((await post('/nest')).headers['x-through-nest']).toBe('yes');
  });

  it('hand a failing handler’s error to the app’s exception filters', async () => {
    const answer = await post('/fail');
    expect(answer.statusCode).toBe(502);
    expect(answer.json()).toEqual({ shaped: 'the handler failed' });
  });

  it('refuse to start with a guard of their own, which they would skip', async () => {
    @Controller()
    class GuardedController {
      @Post('guarded')
      @DirectRoute()
      @UseGuards(
        class {
          canActivate = () => false;
        },
      )
      guarded(@Req() _req: FastifyRequest, @Res() reply: FastifyReply) {
        return reply.send({});
      }
    }
    @Module({ controllers: [GuardedController] })
    class GuardedModule {}
    const guarded = await NestFactory.create<NestFastifyApplication>(GuardedModule, new FastifyAdapter(), {
      logger: false,
    });
    serveDirectRoutes(guarded.getHttpAdapter().getInstance(), guarded);
    await expect(guarded.init()).rejects.toThrow('/guarded: a direct route cannot have its own guards');
    await guarded.close();
  });

  it('refuse to start with parameters other than the request and the reply, which they would not get', async () => {
    @Controller()
    class BodyController {
      @Post('body')
      @DirectRoute()
      body(@Body() body: object, @Res() reply: FastifyReply) {
        return reply.send(body);
      }
    }
    @Module({ controllers: [BodyController] })
    class BodyModule {}
    const app = await NestFactory.create<NestFastifyApplication>(BodyModule, new FastifyAdapter(), { logger: false });
    serveDirectRoutes(app.getHttpAdapter().getInstance(), app);
    await expect(app.init()).rejects.toThrow('/body: a direct route takes (@Req() req, @Res() reply)');
    await app.close();
  });

  it('leave routes not marked to Nest', async () => {
    const answer = await post('/nest');
    expect(answer.statusCode).toBe(201);
    expect(answer.json()).toEqual({ by: 'nest' });
  });
});
