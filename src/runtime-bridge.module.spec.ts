import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { APP_ENV } from '#src/config/config.tokens.js';
import { RuntimeBridgeModule } from './runtime-bridge.module.js';

/** A value with hooks that counts how often Nest calls them. */
function countingValue() {
  const calls = { init: 0, shutdown: 0 };
  return {
    calls,
    onModuleInit: () => void calls.init++,
    onApplicationShutdown: () => void calls.shutdown++,
  };
}

async function contextWith(token: symbol, value: object) {
  @Module({ providers: [{ provide: token, useValue: value }] })
  class ValueModule {}
  return NestFactory.createApplicationContext(ValueModule, { logger: false });
}

describe('RuntimeBridgeModule', () => {
  it('exists because Nest runs the hooks of a useValue provider in every app that is given it', async () => {
    const shared = countingValue();
    const first = await contextWith(Symbol('Shared'), shared);
    const second = await contextWith(Symbol('Shared'), shared);
    await first.close();
    await second.close();
    expect(shared.calls).toEqual({ init: 2, shutdown: 2 });
  });

  it('refuses to hand an HTTP app an export with a lifecycle hook, naming the export and the hook', async () => {
    const runtime = await contextWith(APP_ENV, countingValue());
    expect(() => RuntimeBridgeModule.from(runtime)).toThrow('Symbol(AppEnv) has onModuleInit()');
    await runtime.close();
  });
});
