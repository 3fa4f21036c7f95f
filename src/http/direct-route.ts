import type { INestApplicationContext, Type } from '@nestjs/common';
import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where fastify finds the controller method behind a route (its route config, under this key). */
const DIRECT_HANDLER = 'directHandler';

interface HandlerRef {
  controller: Type<object>;
  method: string | symbol;
}

type ReplyHandler = (req: FastifyRequest, reply: FastifyReply) => unknown;

/** What Nest would run around a handler and fastify does not: a direct route refuses to start with any. */
const NEST_LAYERS = [GUARDS_METADATA, INTERCEPTORS_METADATA, PIPES_METADATA, EXCEPTION_FILTERS_METADATA];

/**
 * Marks a `(@Req() req, @Res() reply)` handler that fastify may call itself, once
 * `serveDirectRoutes` is on the instance. Nest still registers and documents the route; only its
 * per-request layers (execution context, params factory, guard, pipe and interceptor chains, each
 * an async hop) are skipped, so a route marked so may have none of its own (checked at start).
 */
export function DirectRoute(): MethodDecorator {
  return (target, method, descriptor) => {
    const ref: HandlerRef = { controller: target.constructor as Type<object>, method };
    RouteConfig({ [DIRECT_HANDLER]: ref })(target, method, descriptor);
  };
}

/**
 * Routes marked `DirectRoute` run their controller method straight from fastify. Errors still
 * reach the app's exception filters: a rejected handler goes to the error handler Nest installs.
 * Call before the app initialises its routes.
 */
export function serveDirectRoutes(fastify: FastifyInstance, app: INestApplicationContext): void {
  fastify.addHook('onRoute', (route) => {
    const ref = (route.config as Record<string, HandlerRef | undefined> | undefined)?.[DIRECT_HANDLER];
    if (ref === undefined) return;
    const controller = app.get(ref.controller) as Record<string | symbol, ReplyHandler>;
    const layered = NEST_LAYERS.some(
      (key) => Reflect.hasMetadata(key, ref.controller) || Reflect.hasMetadata(key, controller[ref.method]),
    );
    if (layered)
      throw new Error(`${route.url}: a direct route cannot have its own guards, interceptors, pipes or filters`);
    if (!takesRequestAndReply(ref) || (Reflect.getMetadata(HTTP_CODE_METADATA, controller[ref.method]) ?? 200) !== 200)
      throw new Error(`${route.url}: a direct route takes (@Req() req, @Res() reply) and answers 200 itself`);
    route.handler = controller[ref.method].bind(controller);
  });
}

/** Whether the handler's parameters are exactly `@Req()` then `@Res()`, the two fastify passes it. */
function takesRequestAndReply(ref: HandlerRef): boolean {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, ref.controller, ref.method) ?? {}) as Record<
    string,
    { index: number }
  >;
  const params = Object.entries(args).map(([key, { index }]) => `${key.split(':')[0]}@${index}`);
  return params.sort().join() === `${RouteParamtypes.REQUEST}@0,${RouteParamtypes.RESPONSE}@1`;
}
