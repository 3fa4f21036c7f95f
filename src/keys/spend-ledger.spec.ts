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
});
