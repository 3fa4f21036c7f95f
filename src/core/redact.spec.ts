import { REDACTED, SecretRedactor } from './redact.js';

describe('SecretRedactor', () => {
  it('removes a registered key wherever it appears', () => {
    const r = new SecretRedactor();
    r.register('canary-secret-value');
    expect(r.redact('upstream said: bad key canary-secret-value!')).toBe(`upstream said: bad key ${REDACTED}!`);
  });

  it('removes credential shapes nobody registered', () => {
    const r = new SecretRedactor();
    const out = r.redact('Authorization: Bearer abcdefghijkl and sk-proj-AAAABBBBCCCC and https://x/y?key=zzzz1234');
    expect(out).not.toMatch(/abcdefghijkl|AAAABBBBCCCC|zzzz1234/);
    expect(out).toContain('Bearer [REDACTED]');
    expect(out).toContain('?key=[REDACTED]');
  });

  it('removes the longer of two overlapping keys whole', () => {
    const r = new SecretRedactor();
    r.register('abcd1234', 'abcd1234efgh');
    expect(r.redact('k=abcd1234efgh')).toBe(`k=${REDACTED}`);
  });

  it('leaves ordinary text alone', () => {
    expect(new SecretRedactor().redact('The answer is 42 tokens long')).toBe('The answer is 42 tokens long');
  });
});
