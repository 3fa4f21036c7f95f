import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { dropTestSchema, TEST_DATABASE_URL } from '#src/storage/postgres/postgres.spec-support.js';
import { KEYS_DB_FILE, openKeysDatabase, type OpenedKeysDatabase } from './keys-database.js';
import { numberedPlaceholders } from './postgres-keys.sql.js';
import { KEYS_MIGRATION_TABLE, KEYS_MIGRATIONS, migrateKeys } from './keys.migrations.js';
import type { KeysSql } from './keys.sql.js';
import { aClientKey, storeOn } from './keys.spec-support.js';

const key = aClientKey({ id: 'a', name: 'key a' });
const everyMigration = KEYS_MIGRATIONS.map((m) => ({ name: m.name }));

describe('the key store schema on SQLite', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'keys-migrations-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is set up once: a second opening finds the keys and one record of each migration', async () => {
    const first = await openKeysDatabase({ dataDir: dir });
    await storeOn(first).insert(key, 'hash-a');
    await first.sql.close();

    const again = await openKeysDatabase({ dataDir: dir });
    expect(await storeOn(again).count()).toBe(1);
    expect(await again.sql.rows(`select name from ${KEYS_MIGRATION_TABLE} order by name`)).toEqual([
      { name: '0001_client_keys' },
      { name: '0002_key_spend_day' },
    ]);
    await again.sql.close();
  });

  it('indexes spend by day', async () => {
    const opened = await openKeysDatabase({ dataDir: dir });
    await opened.ready();
    expect(await opened.sql.rows(`select tbl_name from sqlite_master where name = 'key_spend_day'`)).toEqual([
      { tbl_name: 'key_spend' },
    ]);
    await opened.sql.close();
  });

  it('leaves a database whose migrations are recorded as it found it', async () => {
    const file = new Database(join(dir, KEYS_DB_FILE));
    file.exec(`create table ${KEYS_MIGRATION_TABLE} (name varchar(255) primary key, timestamp varchar(255) not null)`);
    const record = file.prepare(`insert into ${KEYS_MIGRATION_TABLE} values (?, '2025-01-01T00:00:00.000Z')`);
    for (const { name } of everyMigration) record.run(name);
    file.close();

    const opened = await openKeysDatabase({ dataDir: dir });
    await opened.ready();
    expect(await opened.sql.rows(`select name from sqlite_master where name = 'client_keys'`)).toEqual([]);
    await opened.sql.close();
  });
});

describe('the key store schema on PostgreSQL', () => {
  const schema = `switchyard_keys_spec_${randomBytes(4).toString('hex')}`;
  const instances = 6;
  let opened: OpenedKeysDatabase[] = [];
  afterEach(async () => {
    await Promise.all(opened.map((db) => db.sql.close()));
    opened = [];
    await dropTestSchema(schema);
  });
  const openAll = async () => {
    const target = { databaseUrl: TEST_DATABASE_URL, databaseSchema: schema, dataDir: tmpdir() };
    opened = await Promise.all(Array.from({ length: instances }, () => openKeysDatabase(target)));
    return opened;
  };

  it('is set up by instances starting together on a schema that does not exist yet', async () => {
    const databases = await openAll();
    const ready = await Promise.allSettled(databases.map((db) => db.ready()));
    expect(ready.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await databases[0].sql.rows(`select name from ${KEYS_MIGRATION_TABLE} order by name`)).toEqual(
      everyMigration,
    );
    expect(
      await databases[0].sql.rows(
        `select tablename from pg_indexes where schemaname = ? and indexname = 'key_spend_day'`,
        [schema],
      ),
    ).toEqual([{ tablename: 'key_spend' }]);
  });

  it('applies a migration once when instances run it together, even one that cannot run twice', async () => {
    const databases = await openAll();
    await databases[0].ready();
    // The unlucky start: every instance reads the database before any of them has migrated it.
    let arrived = 0;
    let allArrived: () => void = () => undefined;
    const together = new Promise<void>((resolve) => (allArrived = resolve));
    const meetingOthers = (sql: KeysSql): KeysSql => ({
      ...sql,
      rows: async (text, params) => {
        if (++arrived === instances) allArrived();
        await together;
        return sql.rows(text, params);
      },
    });
    const addColumn = { name: '0100_add_a_column', statements: () => ['alter table client_keys add column note text'] };

    const migrated = await Promise.allSettled(databases.map((db) => migrateKeys(meetingOthers(db.sql), [addColumn])));

    expect(migrated.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await databases[0].sql.rows(`select name from ${KEYS_MIGRATION_TABLE} order by name`)).toEqual([
      ...everyMigration,
      { name: '0100_add_a_column' },
    ]);
  });
});

describe('placeholders on PostgreSQL', () => {
  it('are numbered in order', () => {
    expect(numberedPlaceholders('select * from t where a = ? and b >= ? limit ?')).toBe(
      'select * from t where a = $1 and b >= $2 limit $3',
    );
  });
});
