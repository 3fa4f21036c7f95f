import { MemorySharedState } from '#src/state/memory-shared-state.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import { AuthModeState } from './auth-mode.js';
import { parseKeySettings } from './key-settings.parser.js';
import { KeyService } from './key.service.js';
import type { KeyStore } from './key.store.js';
import { temporaryKeyStore } from './keys.spec-support.js';

let keys: KeyService;
let store: KeyStore;
let remove: () => Promise<void>;

beforeEach(async () => {
  const clock = new ManualClock();
  const temporary = await temporaryKeyStore('switchyard-key-service-');
  remove = temporary.remove;
  store = temporary.store;
  keys = new KeyService(temporary.store, new MemorySharedState(clock).bus, clock, new AuthModeState('keys', true));
});

afterEach(() => remove());

/** A key made and edited as through the admin API: snake_case bodies, parsed as the API parses them. */
async function editedKey(created: Record<string, unknown>, edit: Record<string, unknown>) {
  const { key } = await keys.create(parseKeySettings(created, true), 'admin');
  return keys.update(key.id, parseKeySettings(edit, false), 'admin');
}

describe('editing a key through the admin API', () => {
  it('changes only the limit it names and keeps the others', async () => {
    const edited = await editedKey({ name: 'ci', rpm: 60, tpm: 30_000, max_concurrent: 4 }, { rpm: 100 });
    expect(edited.limits).toEqual({ rpm: 100, tpm: 30_000, maxConcurrent: 4 });
    expect((await keys.get(edited.id)).limits).toEqual({ rpm: 100, tpm: 30_000, maxConcurrent: 4 });
  });

  it('clears a limit sent as null, and only that one', async () => {
    const edited = await editedKey({ name: 'ci', rpm: 60, tpm: 30_000, max_concurrent: 4 }, { tpm: null });
    expect(edited.limits).toEqual({ rpm: 60, maxConcurrent: 4 });
  });

  it('sets all three as the admin UI sends them, a blank field clearing its limit', async () => {
    const edited = await editedKey({ name: 'ci', rpm: 60 }, { rpm: null, tpm: 1_000, max_concurrent: 2 });
    expect(edited.limits).toEqual({ tpm: 1_000, maxConcurrent: 2 });
  });
});

describe('an edit and a revoke of the same key at once', () => {
  /** The next read of the key answers it as it was, with `meanwhile` done before that read returns. */
  function readThenMeanwhile(meanwhile: (id: string) => Promise<unknown>) {
    const read = store.get.bind(store);
    store.get = async (id) => {
      store.get = read;
      const before = await read(id);
      await meanwhile(id);
      return before;
    };
  }

  it('never brings back a key revoked after the edit read it: the edit is refused 409', async () => {
    const { key } = await keys.create(parseKeySettings({ name: 'ci' }, true), 'admin');
    readThenMeanwhile((id) => keys.revoke(id, 'admin'));
    await expect(keys.update(key.id, parseKeySettings({ name: 'renamed' }, false), 'admin')).rejects.toMatchObject({
      status: 409,
    });
    expect(await keys.get(key.id)).toMatchObject({ name: 'ci', revokedAt: expect.any(String) });
  });

  it('keeps an edit that landed after the revoke read the key', async () => {
    const { key } = await keys.create(parseKeySettings({ name: 'ci' }, true), 'admin');
    readThenMeanwhile((id) => keys.update(id, parseKeySettings({ name: 'renamed' }, false), 'admin'));
    const revoked = await keys.revoke(key.id, 'admin');
    expect(revoked).toMatchObject({ name: 'renamed', revokedAt: expect.any(String) });
    expect(await keys.get(key.id)).toMatchObject({ name: 'renamed', revokedAt: expect.any(String) });
  });

  it("writes the key as the revoke found it in the revoke's audit entry, an edit that landed after its first read included", async () => {
    const { key } = await keys.create(parseKeySettings({ name: 'ci' }, true), 'admin');
    readThenMeanwhile((id) => keys.update(id, parseKeySettings({ name: 'renamed' }, false), 'admin'));
    await keys.revoke(key.id, 'admin');
    const [entry] = (await keys.audit(key.id)).filter((e) => e.action === 'revoke');
    expect(entry?.before).toMatchObject({ name: 'renamed' });
    expect(entry?.before?.revokedAt).toBeUndefined();
    expect(entry?.after).toMatchObject({ name: 'renamed', revokedAt: expect.any(String) });
  });
});

describe('two edits of the same key at once', () => {
  it('refuses 409 an edit that read the key before another edit changed it, and keeps that change', async () => {
    const { key } = await keys.create(parseKeySettings({ name: 'ci' }, true), 'admin');
    const read = store.get.bind(store);
    store.get = async (id) => {
      store.get = read;
      const before = await read(id);
      await keys.update(id, parseKeySettings({ disabled: true }, false), 'admin');
      return before;
    };
    await expect(keys.update(key.id, parseKeySettings({ name: 'renamed' }, false), 'admin')).rejects.toMatchObject({
      status: 409,
    });
    expect(await keys.get(key.id)).toMatchObject({ name: 'ci', disabled: true });
  });

  it('takes edits one after another, however fast the clock moves', async () => {
    const { key } = await keys.create(parseKeySettings({ name: 'ci' }, true), 'admin');
    await keys.update(key.id, parseKeySettings({ disabled: true }, false), 'admin');
    await keys.update(key.id, parseKeySettings({ name: 'renamed' }, false), 'admin');
    expect(await keys.get(key.id)).toMatchObject({ name: 'renamed', disabled: true });
  });
});

describe('creating a key', () => {
  it('answers the secret of a key it stored even when its audit entry cannot be written', async () => {
    store.audit = () => Promise.reject(new Error('disk full'));
    const created = await keys.create(parseKeySettings({ name: 'ci' }, true), 'admin');
    expect(created.secret).toMatch(/^sk-sy-/);
    expect(await keys.get(created.key.id)).toMatchObject({ name: 'ci' });
  });

  it('answers a revoke or an edit it wrote even when its audit entry cannot be written', async () => {
    const edited = await keys.create(parseKeySettings({ name: 'ci' }, true), 'admin');
    const revoked = await keys.create(parseKeySettings({ name: 'old' }, true), 'admin');
    store.audit = () => Promise.reject(new Error('disk full'));
    await expect(keys.update(edited.key.id, parseKeySettings({ name: 'ci-2' }, false), 'admin')).resolves.toMatchObject(
      {
        name: 'ci-2',
      },
    );
    await expect(keys.revoke(revoked.key.id, 'admin')).resolves.toMatchObject({ revokedAt: expect.any(String) });
    expect(await keys.get(revoked.key.id)).toMatchObject({ revokedAt: expect.any(String) });
  });
});
