import { type DynamicModule, Global, type INestApplicationContext, type InjectionToken, Module } from '@nestjs/common';
import { RUNTIME_EXPORTS } from './runtime.exports.js';

/** Every hook Nest calls on any provider instance of an app, whatever kind of provider made it. */
export const LIFECYCLE_HOOKS = [
  'onModuleInit',
  'onApplicationBootstrap',
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
] as const;

const nameOf = (token: InjectionToken): string => (typeof token === 'function' ? token.name : String(token));

/**
 * One instance from the runtime. Nest calls lifecycle hooks on `useValue` providers too (they are
 * instances like any other), so an instance with a hook given to an HTTP app would have it run a
 * second time: such an instance is refused at start, naming the hook.
 */
function borrow(runtime: INestApplicationContext, token: InjectionToken): unknown {
  const found = runtime.get(token, { strict: false, each: true });
  // Two modules providing one token would make "the runtime's instance" a matter of scan order.
  if (found.length !== 1) throw new Error(`${nameOf(token)} is provided ${found.length} times in the runtime`);
  const instance: unknown = found[0];
  const hook = LIFECYCLE_HOOKS.find(
    (h) => typeof instance === 'object' && instance !== null && typeof Reflect.get(instance, h) === 'function',
  );
  if (hook) {
    throw new Error(
      `${nameOf(token)} has ${hook}(), which the runtime already runs: give the HTTP apps a hook-free view of it instead`,
    );
  }
  return instance;
}

/**
 * The runtime's exports as providers of one HTTP app (global, so its controllers, guards and
 * services inject them as usual). The instances are the runtime's own: one weights service, one
 * breaker board, one pipeline per process.
 */
@Global()
@Module({})
export class RuntimeBridgeModule {
  static from(runtime: INestApplicationContext): DynamicModule {
    const providers = RUNTIME_EXPORTS.map((token) => ({ provide: token, useValue: borrow(runtime, token) }));
    return { module: RuntimeBridgeModule, providers, exports: [...RUNTIME_EXPORTS] };
  }
}
