import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aConfig, aModel } from '../../test/factories/gateway-config.factory.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { WeightsService } from './weights.service.js';
import { FileWeightsStore, type WeightOverrides, type WeightsStore } from './weights.store.js';

class MemoryWeightsStore implements WeightsStore {
  constructor(public saved: WeightOverrides = {}) {}
  load = () => ({ ...this.saved });
  save = (overrides: WeightOverrides) => void (this.saved = { ...overrides });
}

const config = aConfig([aModel('a'), aModel('b')]);

function refusal(action: () => unknown): GatewayError {
  try {
    action();
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('WeightsService', () => {
  it.each([1.7e308, Number.MAX_VALUE, 1_000_001])('refuses a weight of %d, naming the field and the range', (w) => {
    const store = new MemoryWeightsStore();
    const error = refusal(() => new WeightsService(config, store).apply({ weights: { a: w, b: 1 } }));
    expect(error).toMatchObject({ kind: 'invalid_request', status: 400, param: 'weights.a' });
    expect(error.message).toContain('from 0 to 1000000');
    expect(store.saved).toEqual({});
  });

  it('accepts the maximum weight', () => {
    const view = new WeightsService(config, new MemoryWeightsStore()).apply({ weights: { a: 1_000_000 } });
    expect(view.weights.a).toBe(1_000_000);
  });

  it('drops saved overrides beyond the maximum (kept by an older version) instead of applying them', () => {
    const service = new WeightsService(config, new MemoryWeightsStore({ a: 1.7e308, b: 2 }));
    expect(service.view().overrides).toEqual({ b: 2 });
  });
});

describe('FileWeightsStore in a DATA_DIR it cannot write', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'switchyard-weights-store-'));
    writeFileSync(join(root, 'a-file'), '');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses the change with a client-safe 503 and keeps the weights as they were', () => {
    // Root ignores permission bits; a directory below a regular file cannot be made by anyone.
    const service = new WeightsService(config, new FileWeightsStore(join(root, 'a-file', 'data')));
    const error = refusal(() => service.apply({ weights: { a: 5 } }));
    expect(error).toMatchObject({ kind: 'unavailable', status: 503 });
    expect(error.message).toContain('DATA_DIR is not writable');
    expect(error.message).not.toContain(root);
    expect(service.view().weights.a).toBe(1);
  });
});
