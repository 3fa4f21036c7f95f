import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { KEYS_DB_FILE, openKeysDatabase } from './keys-database.js';
import { numberedPlaceholders } from './keys-postgres.js';
import { KEYS_MIGRATION_TABLE } from './keys.migrations.js';
import { storeOn } from './keys.spec-support.js';

const key = {
  id: 'a',
  name: 'key a',
  prefix: 'sk-sy-abcd',
  allowedModels: [],
  limits: {},
  metadata: {},
  mayRoute: true,
  disabled: false,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

describe('the key store schema on SQLite', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'keys-migrations-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is set up once: a second opening finds the keys and one record of the migration', async () => {
    const first = await openKeysDatabase({ dataDir: dir });
    await storeOn(first).insert(key, 'hash-a');
    await first.sql.close();

    const again = await openKeysDatabase({ dataDir: dir });
    expect(await storeOn(again).count()).toBe(1);
    expect(await again.sql.rows(`select name from ${KEYS_MIGRATION_TABLE}`)).toEqual([{ name: '0001_client_keys' }]);
    await again.sql.close();
  });

  it('leaves a database whose migrations are recorded as it found it', async () => {
    const file = new Database(join(dir, KEYS_DB_FILE));
    file.exec(`create table ${KEYS_MIGRATION_TABLE} (name varchar(255) primary key, timestamp varchar(255) not null)`);
    file.prepare(`insert into ${KEYS_MIGRATION_TABLE} values ('0001_client_keys', '2025-01-01T00:00:00.000Z')`).run();
    file.close();

    const opened = await openKeysDatabase({ dataDir: dir });
    await opened.ready();
    expect(await opened.sql.rows(`select name from sqlite_master where name = 'client_keys'`)).toEqual([]);
    await opened.sql.close();
  });
});

describe('placeholders on PostgreSQL', () => {
  it('are numbered in order', () => {
    expect(numberedPlaceholders('select * from t where a = ? and b >= ? limit ?')).toBe(
      'select * from t where a = $1 and b >= $2 limit $3',
    );
  });
});
