import { GatewayError } from '#src/core/gateway-error.js';
import { decodeCacheField } from './cache-field.decoder.js';

function paramOf(raw: unknown): string | undefined {
  try {
    decodeCacheField(raw);
  } catch (err) {
    if (err instanceof GatewayError) return err.param;
    throw err;
  }
  return undefined;
}

describe('the unified cache field', () => {
  it('reads Cache-Control syntax', () => {
    expect(decodeCacheField('no-cache, max-age=30')).toEqual({ noCache: true, maxAgeS: 30 });
    expect(decodeCacheField('NO-STORE')).toEqual({ noStore: true });
  });

  it('reads the object form', () => {
    expect(decodeCacheField({ no_store: true, max_age: 0, semantic: false })).toEqual({
      noStore: true,
      maxAgeS: 0,
      semantic: false,
    });
    expect(decodeCacheField(null)).toBeUndefined();
  });

  it('names the field that is wrong', () => {
    expect(paramOf(42)).toBe('cache');
    expect(paramOf({ max_age: 1.5 })).toBe('cache.max_age');
    expect(paramOf({ max_age: -1 })).toBe('cache.max_age');
    expect(paramOf({ no_cache: 'yes' })).toBe('cache.no_cache');
  });
});
