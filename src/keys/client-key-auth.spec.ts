import { keyProblem } from './client-key-auth.js';
import { modelAllowlist } from './model-allowlist.js';
import { aClientKey as aKey } from './keys.spec-support.js';

const NOW = Date.UTC(2025, 5, 1);

describe('keyProblem', () => {
  it('accepts a live key', () => {
    expect(keyProblem(aKey({ expiresAt: '2026-01-01T00:00:00.000Z' }), NOW)).toBeUndefined();
  });

  it.each([
    [{ revokedAt: '2025-02-01T00:00:00.000Z' }, /revoked/],
    [{ disabled: true }, /disabled/],
    [{ expiresAt: '2025-05-31T00:00:00.000Z' }, /expired at 2025-05-31/],
  ])('refuses %j', (overrides, message) => {
    expect(keyProblem(aKey(overrides), NOW)).toMatch(message);
  });
});

describe('modelAllowlist', () => {
  it('allows every model when empty', () => {
    expect(modelAllowlist([])('anything')).toBe(true);
  });

  it('matches names and globs, ignoring case', () => {
    const allows = modelAllowlist(['gpt-4o*', 'claude-3-opus']);
    expect(['gpt-4o-mini', 'GPT-4o', 'claude-3-opus'].map(allows)).toEqual([true, true, true]);
    expect(['claude-3-haiku', 'llama3'].map(allows)).toEqual([false, false]);
  });

  it('gives the same answers when asked again, also past the names it remembers', () => {
    const allows = modelAllowlist(['gpt-4o*']);
    const names = Array.from({ length: 600 }, (_, i) => (i % 2 === 0 ? `gpt-4o-v${i}` : `other-${i}`));
    const first = names.map(allows);
    expect(names.map(allows)).toEqual(first);
    expect(first.filter(Boolean)).toHaveLength(300);
    expect(allows('GPT-4O-v0')).toBe(true);
  });
});
