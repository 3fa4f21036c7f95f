import { newId } from './ids.js';

describe('newId', () => {
  it('gives each vendor prefix 16 letters and digits after it', () => {
    for (const prefix of ['chatcmpl-', 'msg_', 'toolu_', 'call_'] as const) {
      expect(newId(prefix)).toMatch(new RegExp(`^${prefix}[A-Za-z0-9]{16}$`));
    }
  });

  it('never repeats an id across several refills of its random pool', () => {
    const ids = Array.from({ length: 2000 }, () => newId('call_'));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
