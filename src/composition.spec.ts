import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { SecretRedactor } from '#src/core/redact.js';
import { loadSettings } from '#src/config/settings.js';
import { LogRing } from '#src/observability/log-ring.js';
import { createRootLogger } from '#src/observability/logging.js';
import { RequestLogLifecycle } from '#src/observability/request-log.lifecycle.js';
import { ProviderRegistry } from '#src/providers/provider.registry.js';
import type { ComposedGateway } from './composition.js';
import { LIFECYCLE_HOOKS } from './runtime-bridge.module.js';

// Swagger UI is left out: it loads @fastify/static, an ES module jest cannot require. It has no hook.
jest.unstable_mockModule('#src/http/swagger.js', () => ({ setupSwagger: () => undefined }));
jest.unstable_mockModule('#src/admin/admin-swagger.js', () => ({ setupAdminSwagger: () => undefined }));
const { composeGateway } = await import('./composition.js');

type Hook = (typeof LIFECYCLE_HOOKS)[number];
const START_HOOKS: readonly Hook[] = ['onModuleInit', 'onApplicationBootstrap'];

const hooksOf = (instance: object): Hook[] =>
  LIFECYCLE_HOOKS.filter((h) => typeof Reflect.get(instance, h) === 'function');

/** Counts every hook call on every instance Nest makes, in whichever app it is made. */
class HookCounter {
  readonly calls = new Map<object, Map<Hook, number>>();

  readonly instanceDecorator = (instance: unknown): unknown => {
    if (typeof instance !== 'object' || instance === null || this.calls.has(instance)) return instance;
    const counts = new Map<Hook, number>();
    this.calls.set(instance, counts);
    for (const hook of hooksOf(instance)) {
      const original = Reflect.get(instance, hook) as (...args: unknown[]) => unknown;
      counts.set(hook, 0);
      Reflect.set(instance, hook, (...args: unknown[]) => {
        counts.set(hook, (counts.get(hook) ?? 0) + 1);
        return original.apply(instance, args);
      });
    }
    return instance;
  };

  count(instance: object, hook: Hook): number | undefined {
    return this.calls.get(instance)?.get(hook);
  }
}

/** Every instance of an app or context that has at least one lifecycle hook, controllers and module classes included. */
function hookedInstances(app: INestApplicationContext): object[] {
  const found: object[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    const wrappers = [module.providers, module.controllers, module.injectables, module.middlewares].flatMap((m) => [
      ...m.values(),
    ]);
    for (const wrapper of wrappers) {
      // As Nest does: a transient provider's instances are the ones made for its consumers.
      const instances: unknown[] = wrapper.isTransient
        ? wrapper.getStaticTransientInstances().map((host) => host?.instance)
        : [wrapper.instance];
      for (const instance of instances) {
        if (typeof instance === 'object' && instance !== null && hooksOf(instance).length > 0) found.push(instance);
      }
    }
  }
  return [...new Set(found)];
}

describe('composeGateway: one runtime, two thin HTTP apps', () => {
  let dir: string;
  let counter: HookCounter;
  let gateway: ComposedGateway;
  let hooked: object[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-composition-'));
    const { env, config } = await loadSettings(
      { CLAUDE_PROXY_PORT: '0', ADMIN_DASHBOARD_PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' },
      { fileExists: () => false, discoverOllama: async () => [], redactor: new SecretRedactor() },
    );
    const logRing = new LogRing();
    counter = new HookCounter();
    gateway = await composeGateway({
      env,
      config,
      adminToken: { value: 'composition-spec-token-1234', generated: false },
      logger: createRootLogger(env, logRing, 'json'),
      logRing,
      uiDir: join(dir, 'no-ui'),
      version: '0.0.0-spec',
      quietStartup: false,
      instrument: { instanceDecorator: counter.instanceDecorator },
    });
    await gateway.listen();
    hooked = [...new Set([gateway.runtime, gateway.proxy, gateway.admin].flatMap(hookedInstances))];
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the runtime services that have hooks, and none of them in an HTTP app', () => {
    const names = hooked.map((i) => i.constructor.name);
    expect(names).toEqual(expect.arrayContaining([RequestLogLifecycle.name, ProviderRegistry.name]));
    const inHttpApps = [gateway.proxy, gateway.admin].flatMap(hookedInstances);
    expect(inHttpApps.filter((i) => i instanceof ProviderRegistry || i instanceof RequestLogLifecycle)).toEqual([]);
  });

  it('has run every start hook of every instance exactly once once both apps listen', () => {
    const runs = hooked.flatMap((i) =>
      hooksOf(i)
        .filter((h) => START_HOOKS.includes(h))
        .map((h) => `${i.constructor.name}.${h} ×${counter.count(i, h) ?? 'never counted'}`),
    );
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.filter((r) => !r.endsWith('×1'))).toEqual([]);
  });

  it('runs every shutdown hook exactly once when it closes (both HTTP apps, then the runtime)', async () => {
    await gateway.close();
    const runs = hooked.flatMap((i) =>
      hooksOf(i)
        .filter((h) => !START_HOOKS.includes(h))
        .map((h) => `${i.constructor.name}.${h} ×${counter.count(i, h) ?? 'never counted'}`),
    );
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.filter((r) => !r.endsWith('×1'))).toEqual([]);
  });
});
