import { looksLikeSecret } from './key-secret.js';
import { presentedKey } from './presented-key.js';

const KEY = `sk-sy-${'a'.repeat(43)}`;

describe('presentedKey', () => {
  it('reads a bearer token, as the OpenAI SDK, Cursor and Ollama clients send it', () => {
    expect(presentedKey({ authorization: `Bearer ${KEY}` }, looksLikeSecret)).toBe(KEY);
  });

  it('reads x-api-key, as the Anthropic SDK sends it', () => {
    expect(presentedKey({ 'x-api-key': KEY }, looksLikeSecret)).toBe(KEY);
  });

  it('prefers the header that holds a client key when both are sent', () => {
    expect(presentedKey({ authorization: 'Bearer something-else', 'x-api-key': KEY }, looksLikeSecret)).toBe(KEY);
    expect(presentedKey({ authorization: `Bearer ${KEY}`, 'x-api-key': 'other' }, looksLikeSecret)).toBe(KEY);
  });

  it('reads the bearer token whatever the case of the scheme and the spaces around the token', () => {
    for (const auth of [`bearer ${KEY}`, `Bearer   ${KEY}`, `Bearer\t${KEY} `, `BEARER ${KEY}\t`]) {
      expect(presentedKey({ authorization: auth }, looksLikeSecret)).toBe(KEY);
    }
  });

  it('finds no bearer token in a value with a space inside it or nothing after the scheme', () => {
    for (const auth of [`Bearer ${KEY} extra`, 'Bearer ', 'Bearer']) {
      expect(presentedKey({ authorization: auth }, looksLikeSecret)).toBeUndefined();
    }
  });

  it('finds nothing in other schemes or empty headers', () => {
    expect(presentedKey({ authorization: `Basic ${KEY}`, 'x-api-key': ' ' }, looksLikeSecret)).toBeUndefined();
  });
});
