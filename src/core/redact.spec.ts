import { REDACTED, SecretRedactor } from './redact.js';

function registered(...secrets: string[]): SecretRedactor {
  const r = new SecretRedactor();
  r.register(...secrets);
  return r;
}

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

  it('removes credential shapes written in capitals, with and without registered keys', () => {
    const text = 'BEARER abcdefghijkl then https://x/y?API_KEY=zzzz1234&Token=yyyy5678';
    for (const r of [new SecretRedactor(), registered('canary-secret-value')]) {
      const out = r.redact(text);
      expect(out).not.toMatch(/abcdefghijkl|zzzz1234|yyyy5678/);
      expect(out).toBe(`BEARER ${REDACTED} then https://x/y?API_KEY=${REDACTED}&Token=${REDACTED}`);
    }
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
