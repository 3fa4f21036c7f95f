import { expandString, expandValue } from './expand.js';

describe('expandString', () => {
  const vars = { KEY: 'sk-1', EMPTY: '', HOST: 'example.com' };

  it('replaces ${VAR} with its value', () => {
    expect(expandString('Bearer ${KEY}', vars)).toBe('Bearer sk-1');
  });

  it('expands an unset variable to an empty string', () => {
    expect(expandString('[${MISSING}]', vars)).toBe('[]');
  });

  it('applies ${VAR:-default} when the variable is unset or empty', () => {
    expect(expandString('${MISSING:-a}/${EMPTY:-b}/${KEY:-c}', vars)).toBe('a/b/sk-1');
  });

  it('allows a default that is itself a reference', () => {
    expect(expandString('${MISSING:-${KEY}}', vars)).toBe('sk-1');
    expect(expandString('${MISSING:-https://${HOST}/v1}', vars)).toBe('https://example.com/v1');
  });

  it('keeps text that is not a well-formed reference', () => {
    expect(expandString('cost $5, ${not closed, ${1BAD}', vars)).toBe('cost $5, ${not closed, ${1BAD}');
  });
});

describe('expandValue', () => {
  it('expands every string in nested mappings and lists, leaving keys and other values alone', () => {
    const doc = { providers: { '${KEY}': { api_key: '${KEY}', weight: 2, tags: ['${HOST}', true, null] } } };
    expect(expandValue(doc, { KEY: 'k', HOST: 'h' })).toEqual({
      providers: { '${KEY}': { api_key: 'k', weight: 2, tags: ['h', true, null] } },
    });
  });
});
