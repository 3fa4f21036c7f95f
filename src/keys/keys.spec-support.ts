import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientKey } from './client-key.types.js';
import { KeyStore } from './key.store.js';
import { openKeysDatabase, type OpenedKeysDatabase } from './keys-database.js';

/** The store on a keys database just opened. */
export const storeOn = (opened: OpenedKeysDatabase) => new KeyStore(opened.sql, opened.ready);

/** A key store on a SQLite file of its own in a temporary folder; `remove()` closes it and deletes the folder. */
export async function temporaryKeyStore(prefix: string): Promise<{ store: KeyStore; remove(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = storeOn(await openKeysDatabase({ dataDir: dir }));
  return {
    store,
    remove: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A live key with no limits, created at the start of 2025; `overrides` change what a spec is about. */
export function aClientKey(overrides: Partial<ClientKey> = {}): ClientKey {
  const at = '2025-01-01T00:00:00.000Z';
  return {
    id: 'k',
    name: 'k',
    prefix: 'sk-sy-abcd',
    allowedModels: [],
    limits: {},
    metadata: {},
    mayRoute: true,
    disabled: false,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
