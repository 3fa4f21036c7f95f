import { responsesCodec } from '#src/dialects/responses/responses.codec.js';
import { ineligible, type CacheSettings } from './cache-settings.js';

const EXACT: CacheSettings = { mode: 'exact', ttlS: 60, sampled: false, threshold: 0.9 };

describe('ineligible', () => {
  it('keeps a Responses conversation the upstream stores out of the cache, as its body says', () => {
    const stored = responsesCodec.decode({ model: 'm', input: 'hi' }, {});
    expect(ineligible(stored.request, stored.inbound, EXACT)).toBe('stateful');
    const unstored = responsesCodec.decode({ model: 'm', input: 'hi', store: false }, {});
    expect(ineligible(unstored.request, unstored.inbound, EXACT)).toBeUndefined();
  });

  it('caches a request built without a client body by what the canonical form says', () => {
    const { request } = responsesCodec.decode({ model: 'm', input: 'hi' }, {});
    expect(ineligible(request, undefined, EXACT)).toBeUndefined();
  });
});
