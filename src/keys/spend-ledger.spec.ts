import { jest } from '@jest/globals';
import { PriceBook } from '#src/observability/cost.js';
import { aConfig, aModel } from '../../test/factories/gateway-config.factory.js';
import { KeyStore } from './key.store.js';

import { SpendLedger } from './spend-ledger.js';
import { temporaryKeyStore } from './keys.spec-support.js';

const AT = Date.UTC(2025, 2, 3, 10);

describe('SpendLedger', () => {
  let removeStore: () => Promise<void>;
  let store: KeyStore;
  let ledger: SpendLedger;

  beforeEach(async () => {
    ({ store, remove: removeStore } = await temporaryKeyStore('keys-ledger-'));
    const prices = new PriceBook(
      aConfig([aModel('priced', { price: { inputPerMtok: 1, outputPerMtok: 2 } }), aModel('free')]),
    );
    ledger = new SpendLedger(store, prices, () => undefined);
  });

  afterEach(async () => {
    await ledger.close();
    await removeStore();
  });

  it('sums requests per key, model and day, cached and reasoning tokens included', async () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 500_000, cacheReadTokens: 10, reasoningTokens: 7 };
    for (let i = 0; i < 2; i++) {
      ledger.record({ keyId: 'k', model: 'priced', usage, atMs: AT }, ledger.costOf('priced', usage));
    }
    await ledger.flush();
    expect(await store.spend({ keyId: 'k' })).toEqual([
      expect.objectContaining({ day: '2025-03-03', requests: 2, usd: 4, tokensCached: 20, tokensReasoning: 14 }),
    ]);
  });

  it('counts the tokens of a model without a price and says it is unpriced', async () => {
    const usage = { inputTokens: 30, outputTokens: 5 };
    ledger.record({ keyId: 'k', model: 'free', usage, atMs: AT }, ledger.costOf('free', usage));
    await ledger.close();
    expect(await store.spend({ keyId: 'k' })).toEqual([
      expect.objectContaining({ model: 'free', tokensIn: 30, usd: 0, unpricedRequests: 1 }),
    ]);
  });

  it('counts spend still being written without waiting for a slow store, and writes one batch at a time', async () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 0 };
    const spend = (at: number) => ledger.record({ keyId: 'k', model: 'priced', usage, atMs: at }, 1);
    let release: () => void = () => undefined;
    let writes = 0;
    const addSpendRows = store.addSpendRows.bind(store);
    jest.spyOn(store, 'addSpendRows').mockImplementation(async (rows) => {
      writes += 1;
      await new Promise<void>((resolve) => (release = resolve));
      return addSpendRows(rows);
    });
    spend(AT);
    const firstWrite = ledger.flush();
    spend(AT);
    void ledger.flush(); // the first write is still under way: nothing more is sent yet
    expect(writes).toBe(1);
    // $1 in the write under way, $1 pending, nothing in the store yet; the answer does not wait for the write.
    expect(await ledger.spentSince('k', '2025-03-01')).toBe(2);
    expect(await ledger.spentSince('k', '2025-03-04')).toBe(0);
    release();
    await firstWrite;
    expect(await ledger.spentSince('k')).toBe(2);
    const closing = ledger.close();
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await closing;
    expect(writes).toBe(2);
    expect(await store.spentSince('k')).toBe(2);
  });
});
