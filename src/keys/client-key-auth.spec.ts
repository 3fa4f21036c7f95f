import type { IncomingHttpHeaders } from 'node:http';
import { MemorySharedState } from '#src/state/memory-shared-state.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import { AuthModeState } from './auth-mode.js';
import { ClientKeyAuth, keyProblem } from './client-key-auth.js';
import { KeyDirectory } from './key-directory.js';
import { KeyService } from './key.service.js';
import type { KeyStore } from './key.store.js';
import { modelAllowlist } from './model-allowlist.js';
import { aClientKey as aKey, temporaryKeyStore } from './keys.spec-support.js';

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

describe('ClientKeyAuth', () => {
  let clock: ManualClock;
  let store: KeyStore;
  let removeStore: () => Promise<void>;

  beforeEach(async () => {
    clock = new ManualClock();
    ({ store, remove: removeStore } = await temporaryKeyStore('keys-auth-'));
  });

  afterEach(() => removeStore());

  /**
   * A key made through administration. Unless `hearsChanges`, this instance's directory listens on
   * a bus of its own, so only its re-reads see the administration's changes.
   */
  async function keyAndAuth(hearsChanges = false) {
    const adminBus = new MemorySharedState(clock).bus;
    const admin = new KeyService(store, adminBus, clock, new AuthModeState('keys', true));
    const { key, secret } = await admin.create({ name: 'ci' }, 'admin');
    const directory = new KeyDirectory(store, clock, hearsChanges ? adminBus : new MemorySharedState(clock).bus);
    const auth = new ClientKeyAuth(new AuthModeState('keys', true), directory, clock);
    return { admin, key, secret, auth };
  }

  const keyIdOf = async (auth: ClientKeyAuth, headers: IncomingHttpHeaders) =>
    (await auth.authenticate(headers))?.key.id;

  it('finds a checked key again however the client sends it', async () => {
    const { key, secret, auth } = await keyAndAuth();
    await auth.authenticate({ authorization: `Bearer ${secret}` });

    const spellings: IncomingHttpHeaders[] = [
      { authorization: `Bearer ${secret}` },
      { authorization: `Bearer ${secret}`, 'x-api-key': 'sk-sy-not-this-one-but-shaped-like-a-key' },
      { authorization: `bearer   ${secret}  ` },
      { 'x-api-key': secret },
      { authorization: 'Bearer some-provider-token', 'x-api-key': secret },
    ];
    for (const headers of spellings) expect(await keyIdOf(auth, headers)).toBe(key.id);
  });

  it('refuses a checked key sent as a bearer within a second of its revocation', async () => {
    const { admin, key, secret, auth } = await keyAndAuth();
    await auth.authenticate({ authorization: `Bearer ${secret}` });

    await admin.revoke(key.id, 'admin');
    clock.advance(1_000);

    await expect(
      Promise.resolve().then(() => auth.authenticate({ authorization: `Bearer ${secret}` })),
    ).rejects.toThrow('This client key has been revoked.');
  });

  it('refuses a checked key sent as a bearer as soon as its revocation is announced', async () => {
    const { admin, key, secret, auth } = await keyAndAuth(true);
    await auth.authenticate({ authorization: `Bearer ${secret}` });

    await admin.revoke(key.id, 'admin');
    await new Promise((resolve) => setImmediate(resolve));

    await expect(
      Promise.resolve().then(() => auth.authenticate({ authorization: `Bearer ${secret}` })),
    ).rejects.toThrow('This client key has been revoked.');
  });

  it('refuses a bearer one character away from a checked secret', async () => {
    const { secret, auth } = await keyAndAuth();
    await auth.authenticate({ authorization: `Bearer ${secret}` });
    const oneOff = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');

    await expect(
      Promise.resolve().then(() => auth.authenticate({ authorization: `Bearer ${oneOff}` })),
    ).rejects.toThrow('Invalid client key.');
  });
});
