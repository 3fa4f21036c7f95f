import { MemorySharedState } from '#src/state/memory-shared-state.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import { AuthModeState } from './auth-mode.js';
import type { ClientKey } from './client-key.types.js';
import { KeyDirectory } from './key-directory.js';
import { KeyService } from './key.service.js';
import type { KeyStore } from './key.store.js';
import { temporaryKeyStore } from './keys.spec-support.js';

let clock: ManualClock;
let store: KeyStore;
let removeStore: () => Promise<void>;

beforeEach(async () => {
  clock = new ManualClock();
  ({ store, remove: removeStore } = await temporaryKeyStore('keys-directory-'));
});

afterEach(() => removeStore());

/** Key administration announcing its changes on `state`'s bus. */
const adminOn = (state: MemorySharedState) => new KeyService(store, state.bus, clock, new AuthModeState('keys', true));

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
});
