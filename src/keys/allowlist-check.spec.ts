import { AllowlistCheck } from './allowlist-check.js';
import { aClientKey } from './keys.spec-support.js';
import { entriesMatchingNone } from './model-allowlist.js';

describe('entriesMatchingNone', () => {
  const models = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-5', 'qwen2.5-coder:7b'];

  it('keeps the names and globs no model answers to, as the allowlist matches them (any case)', () => {
    expect(
      entriesMatchingNone(['GPT-4o', 'claude-*', 'qwen2.5-coder:7b', 'gpt-5*', 'claude-sonet-4-5'], models),
    ).toEqual(['gpt-5*', 'claude-sonet-4-5']);
  });

  it('finds nothing to report in an empty allowlist, which allows every model', () => {
    expect(entriesMatchingNone([], models)).toEqual([]);
  });
});

describe('AllowlistCheck', () => {
  const NOW = Date.parse('2026-03-01T12:00:00.000Z');
  const check = new AllowlistCheck(['demo', 'fake-openai']);

  it('shows each key with the entries no configured model matches', () => {
    const key = aClientKey({ allowedModels: ['fake-*', 'gpt-9*'] });
    expect(check.view(key)).toEqual({ ...key, unmatchedModels: ['gpt-9*'] });
    expect(check.view(aClientKey()).unmatchedModels).toEqual([]);
  });

  it('warns in one line per key, naming the key and its entries but never its prefix', () => {
    const key = aClientKey({
      id: 'key_1',
      name: 'ci bot',
      prefix: 'sk-sy-Zq9x',
      allowedModels: ['demo', 'gpt-9*', 'x'],
    });
    const line = check.warning(key, NOW);
    expect(line).toBe(
      'Client key key_1 ("ci bot"): allowed_models entries "gpt-9*", "x" match no configured model, so requests ' +
        'for them are refused; edit the key in the admin UI or add the model',
    );
    expect(line).not.toContain('sk-sy-Zq9x');
    expect(check.warning(aClientKey({ allowedModels: ['gpt-9*'] }), NOW)).toContain('entry "gpt-9*" matches no');
  });

  it('says nothing of a key whose entries all match, or of a key that cannot be used: revoked, disabled, expired', () => {
    expect(check.warning(aClientKey({ allowedModels: ['demo'] }), NOW)).toBeUndefined();
    for (const dead of [
      { revokedAt: '2025-02-01T00:00:00.000Z' },
      { disabled: true },
      { expiresAt: new Date(NOW - 1).toISOString() },
    ]) {
      expect(check.warning(aClientKey({ allowedModels: ['gpt-9*'], ...dead }), NOW)).toBeUndefined();
    }
    const later = new Date(NOW + 60_000).toISOString();
    expect(check.warning(aClientKey({ allowedModels: ['gpt-9*'], expiresAt: later }), NOW)).toContain('gpt-9*');
  });
});
