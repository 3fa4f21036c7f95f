import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { aConfig, aModel, aProvider } from '../../test/factories/gateway-config.factory.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { SqliteWeightAudit } from '#src/storage/sqlite-weight-audit.js';
import type { WeightChangeRecord } from '#src/storage/weight-changes.types.js';
import type { WeightsDelta } from './weights-messages.js';
import { WeightsService } from './weights.service.js';
import { FileWeightsStore, type WeightOverrides, type WeightsStore } from './weights.store.js';

class MemoryWeightsStore implements WeightsStore {
  changes: WeightChangeRecord[] = [];
  constructor(public saved: WeightOverrides = {}) {}
  load = () => ({ ...this.saved });
  save = async (overrides: WeightOverrides, changes: readonly WeightChangeRecord[]) => {
    this.saved = { ...overrides };
    this.changes.push(...changes);
  };
  history = async (limit: number) => [...this.changes].reverse().slice(0, limit);
}

const config = aConfig([aModel('a'), aModel('b')]);
const clock = { now: () => Date.UTC(2026, 0, 1), monotonic: () => 0 };

async function refusal(action: () => Promise<unknown>): Promise<GatewayError> {
  try {
    await action();
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('WeightsService', () => {
  it.each([1.7e308, Number.MAX_VALUE, 1_000_001])(
    'refuses a weight of %d, naming the field and the range',
    async (w) => {
      const store = new MemoryWeightsStore();
      const error = await refusal(() => new WeightsService(config, store).apply({ weights: { a: w, b: 1 } }, 'test'));
      expect(error).toMatchObject({ kind: 'invalid_request', status: 400, param: 'weights.a' });
      expect(error.message).toContain('from 0 to 1000000');
      expect(store.saved).toEqual({});
      expect(store.changes).toEqual([]);
    },
  );

  it.each([
    ['weights that are a list', { weights: [1, 2] }],
    ['weights that are a number', { weights: 5 }],
    ['no weights at all', {}],
    ['a body that is a list', [{ weights: { a: 1 } }]],
    ['a body that is null', null],
  ])('refuses %s as an invalid request naming weights, with the shape to send', async (_name, body) => {
    const store = new MemoryWeightsStore();
    const error = await refusal(() => new WeightsService(config, store).apply(body, 'test'));
    expect(error).toMatchObject({ kind: 'invalid_request', status: 400, param: 'weights' });
    expect(error.message).toBe('Send {"weights": {"<model>": n, "<model>/<deployment>": n}}');
    expect(store.changes).toEqual([]);
  });

  it('says an empty change changes nothing', async () => {
    const error = await refusal(() =>
      new WeightsService(config, new MemoryWeightsStore()).apply({ weights: {} }, 'test'),
    );
    expect(error).toMatchObject({ kind: 'invalid_request', param: 'weights', message: 'No weight to change' });
  });

  it('accepts the maximum weight', async () => {
    const view = await new WeightsService(config, new MemoryWeightsStore()).apply(
      { weights: { a: 1_000_000 } },
      'test',
    );
    expect(view.weights.a).toBe(1_000_000);
  });

  it('drops saved overrides beyond the maximum (kept by an older version) instead of applying them', () => {
    const service = new WeightsService(config, new MemoryWeightsStore({ a: 1.7e308, b: 2 }));
    expect(service.view().overrides).toEqual({ b: 2 });
  });

  it('records who changed which weight, when, from what to what; a reset records each key going back', async () => {
    const store = new MemoryWeightsStore();
    const service = new WeightsService(config, store, clock);
    await service.apply({ weights: { a: 4 } }, 'admin ui (10.0.0.5)');
    await service.reset('admin api (127.0.0.1)');
    expect(await service.history(10)).toEqual([
      { key: 'a', from: 4, to: 1, actor: 'admin api (127.0.0.1)', at: Date.UTC(2026, 0, 1) },
      { key: 'a', from: 1, to: 4, actor: 'admin ui (10.0.0.5)', at: Date.UTC(2026, 0, 1) },
    ]);
  });

  it('announces what a change did before answering, and takes on changes made elsewhere without auditing them again', async () => {
    const store = new MemoryWeightsStore();
    const service = new WeightsService(config, store);
    const announced: WeightsDelta[] = [];
    service.coordinateWith(async (change) => void announced.push(await change()));
    await service.apply({ weights: { a: 4 } }, 'test');
    expect(announced).toEqual([{ all: false, clear: [], set: { a: 4 } }]);
    service.adopt({ b: 7, gone: 3 });
    expect(service.view().overrides).toEqual({ b: 7 });
    await service.reset('test');
    expect(announced).toEqual([
      { all: false, clear: [], set: { a: 4 } },
      { all: true, clear: [], set: {} },
    ]);
    expect(store.changes.map((c) => c.key)).toEqual(['a', 'b']);
  });

  describe('counts only what could answer when it keeps a pool from being drained', () => {
    // gpt-4o has a second deployment, and the pool a second model, on a provider without a key.
    const keyless = aConfig(
      [
        aModel('gpt-4o', {
          deployments: [
            { provider: 'openai', upstreamModel: 'gpt-4o', weight: 2 },
            { provider: 'cursor', upstreamModel: 'gpt-4o', weight: 1 },
          ],
        }),
        aModel('on-cursor', { deployments: [{ provider: 'cursor', upstreamModel: 'c', weight: 1 }] }),
        aModel('idle', { deployments: [{ provider: 'openai', upstreamModel: 'i', weight: 0 }] }),
      ],
      { providers: { openai: aProvider('openai'), cursor: aProvider('cursor', false) } },
    );
    keyless.routing.default = ['gpt-4o', 'on-cursor'];

    it.each([
      ['the one deployment with a key', { 'gpt-4o/openai': 0 }, 'weights.gpt-4o/openai'],
      ['the one model of the pool with a key', { 'gpt-4o': 0 }, 'weights.gpt-4o'],
    ])('refuses draining %s', async (_what, weights, param) => {
      const store = new MemoryWeightsStore();
      const error = await refusal(() => new WeightsService(keyless, store).apply({ weights }, 'test'));
      expect(error).toMatchObject({ kind: 'invalid_request', status: 400, param });
      expect(store.saved).toEqual({});
    });

    it('refuses draining a pool whose other models have no deployment taking traffic', async () => {
      const withIdle = { ...keyless, routing: { ...keyless.routing, default: ['gpt-4o', 'idle'] } };
      const error = await refusal(() =>
        new WeightsService(withIdle, new MemoryWeightsStore()).apply({ weights: { 'gpt-4o': 0 } }, 'test'),
      );
      expect(error).toMatchObject({ status: 400, param: 'weights.gpt-4o' });
      expect(error.message).toContain('the default route');
    });

    it('still lets a deployment without a key be drained', async () => {
      const view = await new WeightsService(keyless, new MemoryWeightsStore()).apply(
        { weights: { 'gpt-4o/cursor': 0 } },
        'test',
      );
      expect(view.overrides).toEqual({ 'gpt-4o/1': 0 });
    });
  });

  it('applies changes made at the same moment one after the other, so neither is lost', async () => {
    const store = new MemoryWeightsStore();
    const service = new WeightsService(config, store);
    await Promise.all([service.apply({ weights: { a: 3 } }, 'x'), service.apply({ weights: { b: 5 } }, 'y')]);
    expect(store.saved).toEqual({ a: 3, b: 5 });
  });
});

describe('WeightsService, with saved overrides read under a config edited since', () => {
  const deployment = (provider: string) => ({ provider, upstreamModel: 'gpt-4o', weight: 1 });
  const withDeployments = (...providers: string[]) =>
    aConfig([aModel('gpt-4o', { deployments: providers.map(deployment) }), aModel('b')]);

  async function azureDrained(): Promise<MemoryWeightsStore> {
    const store = new MemoryWeightsStore();
    await new WeightsService(withDeployments('openai', 'azure'), store).apply({ weights: { 'gpt-4o/azure': 0 } }, 't');
    return store;
  }

  it('keeps an override on its deployment when another deployment is put before it', async () => {
    const restarted = new WeightsService(withDeployments('ollama', 'openai', 'azure'), await azureDrained());
    expect(restarted.view().weights).toMatchObject({ 'gpt-4o/0': 1, 'gpt-4o/1': 1, 'gpt-4o/2': 0 });
    expect(restarted.view().overrides).toEqual({ 'gpt-4o/2': 0 });
  });

  it('leaves aside, with a warning naming it, an override of a deployment no longer configured', async () => {
    const store = await azureDrained();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const restarted = new WeightsService(withDeployments('openai', 'ollama'), store);
      expect(restarted.view().weights).toMatchObject({ 'gpt-4o/0': 1, 'gpt-4o/1': 1 });
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('azure:gpt-4o of gpt-4o is no longer configured'));
    } finally {
      warn.mockRestore();
    }
  });

  it('replaces an override kept by index alone (as older versions did) when that deployment is changed again', async () => {
    const store = new MemoryWeightsStore({ 'gpt-4o/1': 0 });
    const service = new WeightsService(withDeployments('openai', 'azure'), store);
    expect(service.view().weights['gpt-4o/1']).toBe(0);
    await service.apply({ weights: { 'gpt-4o/1': 2 } }, 't');
    expect(store.saved).toEqual({ 'gpt-4o/1@azure:gpt-4o': 2 });
  });

  it('leaves aside, with a warning, saved overrides that would leave a pool nothing to answer', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const service = new WeightsService(config, new MemoryWeightsStore({ a: 0, b: 0 }));
      expect(service.view().weights).toMatchObject({ a: 1, b: 1 });
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('the default route with a total weight of 0'));
    } finally {
      warn.mockRestore();
    }
  });
});

describe('FileWeightsStore', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'switchyard-weights-store-'));
    writeFileSync(join(root, 'a-file'), '');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses the change with a client-safe 503 and keeps the weights as they were when DATA_DIR cannot be written', async () => {
    // Root ignores permission bits; a directory below a regular file cannot be made by anyone.
    const service = new WeightsService(config, new FileWeightsStore(join(root, 'a-file', 'data')));
    const error = await refusal(() => service.apply({ weights: { a: 5 } }, 'test'));
    expect(error).toMatchObject({ kind: 'unavailable', status: 503 });
    expect(error.message).toContain('DATA_DIR is not writable');
    expect(error.message).not.toContain(root);
    expect(service.view().weights.a).toBe(1);
  });

  it('warns with the path and the reason when the saved weights cannot be read, and starts without them', () => {
    const dir = join(root, 'corrupt');
    mkdirSync(dir);
    writeFileSync(join(dir, 'weights.json'), '{"overrides": 3}');
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      expect(new FileWeightsStore(dir).load()).toEqual({});
      expect(warn).toHaveBeenCalledWith(expect.stringContaining(join(dir, 'weights.json')));
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('no "overrides" object'));
    } finally {
      warn.mockRestore();
    }
  });

  it('keeps, through a change, the saved overrides of models the running config lacks', async () => {
    const dir = join(root, 'discovery-failed');
    mkdirSync(dir);
    const saved = { 'llama3/0@ollama:llama3': 0, 'llama3/1@ollama-2:llama3': 2, a: 3 };
    writeFileSync(join(dir, 'weights.json'), JSON.stringify({ overrides: saved }));
    const store = new FileWeightsStore(dir);
    await new WeightsService(config, store).apply({ weights: { b: 5 } }, 'test');
    expect(store.read()).toEqual({ ...saved, b: 5 });
  });

  it('refuses changes with a 503 while the saved weights it could not read at start still cannot be read, then keeps them', async () => {
    const dir = join(root, 'unreadable-at-start');
    mkdirSync(dir);
    const file = join(dir, 'weights.json');
    writeFileSync(file, '{"overrides": {"a": 3');
    const service = new WeightsService(config, new FileWeightsStore(dir));
    const error = await refusal(() => service.apply({ weights: { b: 5 } }, 'test'));
    expect(error).toMatchObject({ kind: 'unavailable', status: 503 });
    expect(readFileSync(file, 'utf8')).toBe('{"overrides": {"a": 3');

    writeFileSync(file, '{"overrides": {"a": 3}}');
    await service.apply({ weights: { b: 5 } }, 'test');
    expect(new FileWeightsStore(dir).read()).toEqual({ a: 3, b: 5 });
    expect(service.view().overrides).toEqual({ a: 3, b: 5 });
  });

  it('keeps the audit trail in the local database, across a restart', async () => {
    const dir = join(root, 'data');
    const audit = new SqliteWeightAudit(join(root, 'audit.db'));
    await new WeightsService(config, new FileWeightsStore(dir, audit), clock).apply({ weights: { b: 7 } }, 'me');
    audit.close();
    const reopened = new FileWeightsStore(dir, new SqliteWeightAudit(join(root, 'audit.db')));
    expect(await new WeightsService(config, reopened).history(5)).toEqual([
      { key: 'b', from: 1, to: 7, actor: 'me', at: Date.UTC(2026, 0, 1) },
    ]);
    expect(reopened.load()).toEqual({ b: 7 });
  });
});
