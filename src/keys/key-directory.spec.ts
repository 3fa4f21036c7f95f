import { jest } from '@jest/globals';
import { MemorySharedState } from '#src/state/memory-shared-state.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import { AuthModeState } from './auth-mode.js';
import type { ClientKey } from './client-key.types.js';
import { KeyDirectory } from './key-directory.js';
import { hashSecret } from './key-secret.js';
import { KeyService } from './key.service.js';
import { KeyStore } from './key.store.js';
import { openKeysDatabase } from './keys-database.js';
import { aSpendRow, storeOn, temporaryKeyStore } from './keys.spec-support.js';

let clock: ManualClock;
let store: KeyStore;
let dir: string;
let removeStore: () => Promise<void>;
/** Stores opened by a spec besides `store`, closed after it. */
let others: KeyStore[];

beforeEach(async () => {
  clock = new ManualClock();
  others = [];
  ({ store, dir, remove: removeStore } = await temporaryKeyStore('keys-directory-'));
});

afterEach(async () => {
  await Promise.all(others.map((other) => other.close()));
  await removeStore();
});

/** Key administration on `on` (this instance's store by default) announcing its changes on `state`'s bus. */
const adminOn = (state: MemorySharedState, on = store) =>
  new KeyService(on, state.bus, clock, new AuthModeState('keys', true));

/** Another worker's store: its own connection to the same keys file. */
async function anotherWorkersStore(): Promise<KeyStore> {
  const other = storeOn(await openKeysDatabase({ dataDir: dir }));
  others.push(other);
  return other;
}

/** This instance's store as it stands on a database with no change mark to read, as on PostgreSQL. */
async function storeWithoutMark(): Promise<KeyStore> {
  const opened = await openKeysDatabase({ dataDir: dir });
  const other = new KeyStore({ ...opened.sql, dataVersion: undefined }, opened.ready);
  others.push(other);
  return other;
}

/**
 * This instance's store with its writes held back once `hold` is called: `hold` answers when a
 * write reached the gate (it is then in flight), `release` lets it through.
 */
async function storeWithHeldWrites() {
  const opened = await openKeysDatabase({ dataDir: dir });
  let gate: Promise<void> = Promise.resolve();
  let open = () => {};
  let arrived = () => {};
  const heldBack = async () => {
    arrived();
    await gate;
  };
  const run = async (text: string, params?: readonly unknown[]) => {
    await heldBack();
    await opened.sql.run(text, params);
  };
  // A write that answers the rows it changed (`RETURNING`) is held as well; reads are not.
  const rows = async <T>(text: string, params?: readonly unknown[]): Promise<T[]> => {
    if (!text.startsWith('SELECT')) await heldBack();
    return opened.sql.rows<T>(text, params);
  };
  const held = new KeyStore({ ...opened.sql, run, rows }, opened.ready);
  others.push(held);
  return {
    store: held,
    hold: () => {
      gate = new Promise<void>((resolve) => (open = resolve));
      return new Promise<void>((resolve) => (arrived = resolve));
    },
    release: () => open(),
  };
}

const found = (directory: KeyDirectory, secret: string): Promise<ClientKey | undefined> =>
  Promise.resolve(directory.find(secret));

/** Waits for the in-process bus, which delivers its messages on the next turn of the event loop. */
const announced = () => new Promise((resolve) => setImmediate(resolve));

/** The secret with one character changed, still shaped like a client key. */
const oneOff = (secret: string) => secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');

describe('KeyDirectory', () => {
  it('finds a key by its secret, and again without waiting once it was checked', async () => {
    const state = new MemorySharedState(clock);
    const { key, secret } = await adminOn(state).create({ name: 'ci' }, 'admin');
    const directory = new KeyDirectory(store, clock, state.bus);

    expect((await found(directory, secret))?.id).toBe(key.id);
    const again = directory.find(secret);
    expect(again).not.toBeInstanceOf(Promise);
    expect((again as ClientKey | undefined)?.id).toBe(key.id);
  });

  it('never finds a secret one character away from a checked one', async () => {
    const state = new MemorySharedState(clock);
    const { secret } = await adminOn(state).create({ name: 'ci' }, 'admin');
    const directory = new KeyDirectory(store, clock, state.bus);
    await found(directory, secret);

    expect(await found(directory, oneOff(secret))).toBeUndefined();
    expect(await found(directory, oneOff(secret))).toBeUndefined();
    expect(await found(directory, secret)).toBeDefined();
  });

  it('sees a revocation at once when the change is announced', async () => {
    const state = new MemorySharedState(clock);
    const admin = adminOn(state);
    const { key, secret } = await admin.create({ name: 'ci' }, 'admin');
    const directory = new KeyDirectory(store, clock, state.bus);
    await found(directory, secret);

    await admin.revoke(key.id, 'admin');
    await announced();

    expect((await found(directory, secret))?.revokedAt).toBeDefined();
  });

  it('sees a revocation at once when it is announced while the key is being read', async () => {
    const state = new MemorySharedState(clock);
    const admin = adminOn(state);
    const { key, secret } = await admin.create({ name: 'ci' }, 'admin');
    const directory = new KeyDirectory(store, clock, state.bus);
    const byHash = store.byHash.bind(store);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const readBefore = byHash(hashSecret(secret));
    // The first read finds the row as it was before the revocation, and answers only after it is announced.
    jest.spyOn(store, 'byHash').mockImplementationOnce(async () => {
      const row = await readBefore;
      await held;
      return row;
    });
    const first = found(directory, secret);
    await admin.revoke(key.id, 'admin');
    await announced();
    release();

    expect((await first)?.revokedAt).toBeUndefined();
    expect((await found(directory, secret))?.revokedAt).toBeDefined();
  });

  it('sees a revocation within a second when the announcement is lost', async () => {
    const elsewhere = new MemorySharedState(clock);
    const admin = adminOn(elsewhere);
    const { key, secret } = await admin.create({ name: 'ci' }, 'admin');
    const directory = new KeyDirectory(store, clock, new MemorySharedState(clock).bus);
    await found(directory, secret);

    await admin.revoke(key.id, 'admin');
    expect((await found(directory, secret))?.revokedAt).toBeUndefined();
    clock.advance(1_000);

    expect((await found(directory, secret))?.revokedAt).toBeDefined();
  });

  it('sees a revocation within a second of its write ending when a lookup came while it was being written', async () => {
    const writes = await storeWithHeldWrites();
    const admin = adminOn(new MemorySharedState(clock), writes.store);
    const { key, secret } = await admin.create({ name: 'ci' }, 'admin');
    const directory = new KeyDirectory(writes.store, clock, new MemorySharedState(clock).bus);
    await found(directory, secret);

    const inFlight = writes.hold();
    const revoking = admin.revoke(key.id, 'admin');
    await inFlight;
    clock.advance(1_000);
    expect((await found(directory, secret))?.revokedAt).toBeUndefined();
    writes.release();
    await revoking;
    clock.advance(1_000);

    expect((await found(directory, secret))?.revokedAt).toBeDefined();
  });

  it('sees a revocation at once when the wall clock was set back since the key was checked', async () => {
    const elsewhere = new MemorySharedState(clock);
    const admin = adminOn(elsewhere);
    const { key, secret } = await admin.create({ name: 'ci' }, 'admin');
    const directory = new KeyDirectory(store, clock, new MemorySharedState(clock).bus);
    const checkedAt = clock.now();
    await found(directory, secret);

    await admin.revoke(key.id, 'admin');
    const setBack = await Promise.resolve(directory.find(secret, checkedAt - 3_600_000));

    expect(setBack?.revokedAt).toBeDefined();
  });

  it('reads a key in use once while no key row changes, this instance writing spend meanwhile, and answers the same key', async () => {
    const state = new MemorySharedState(clock);
    const { key, secret } = await adminOn(state).create({ name: 'ci' }, 'admin');
    const directory = new KeyDirectory(store, clock, state.bus);
    const reads = jest.spyOn(store, 'byHash');

    const first = await found(directory, secret);
    for (let request = 1; request <= 200; request++) {
      clock.advance(100);
      expect(await found(directory, secret)).toBe(first);
      if (request % 10 === 0) await store.addSpend(aSpendRow(key.id, '2025-01-01', 0.01));
    }

    expect(first?.id).toBe(key.id);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('sees a revocation within a second when another worker on the same file makes it unannounced', async () => {
    const { key, secret } = await adminOn(new MemorySharedState(clock)).create({ name: 'ci' }, 'admin');
    const directory = new KeyDirectory(store, clock, new MemorySharedState(clock).bus);
    await found(directory, secret);
    clock.advance(5_000);
    await found(directory, secret);

    const elsewhere = adminOn(new MemorySharedState(clock), await anotherWorkersStore());
    await elsewhere.revoke(key.id, 'admin');
    clock.advance(1_000);

    expect((await found(directory, secret))?.revokedAt).toBeDefined();
  });

  it('still reads a key again every second where the database offers no change mark', async () => {
    const onPostgresTerms = await storeWithoutMark();
    const state = new MemorySharedState(clock);
    const { secret } = await adminOn(state, onPostgresTerms).create({ name: 'ci' }, 'admin');
    const directory = new KeyDirectory(onPostgresTerms, clock, state.bus);
    const reads = jest.spyOn(onPostgresTerms, 'byHash');

    for (let second = 0; second < 5; second++) {
      expect(await found(directory, secret)).toBeDefined();
      clock.advance(1_000);
    }

    expect(reads).toHaveBeenCalledTimes(5);
  });

  it('refuses to vouch for a key seen before a change announced while the store was failing to answer', async () => {
    const onPostgresTerms = await storeWithoutMark();
    const state = new MemorySharedState(clock);
    const admin = adminOn(state, onPostgresTerms);
    const { key, secret } = await admin.create({ name: 'ci' }, 'admin');
    const directory = new KeyDirectory(onPostgresTerms, clock, state.bus);
    await found(directory, secret);
    clock.advance(1_000);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    jest.spyOn(onPostgresTerms, 'byHash').mockImplementationOnce(async () => {
      await held;
      throw new Error('connection lost');
    });

    const during = found(directory, secret);
    await admin.revoke(key.id, 'admin');
    await announced();
    release();

    await expect(during).rejects.toThrow('Client keys cannot be checked right now');
  });
});
