import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PostgresDatabase } from './postgres.database.js';

/** The PostgreSQL every test machine runs (trust auth, database `test`). */
export const TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Runs one statement on the test database over a connection of its own, and answers its rows. */
export async function testSql<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** Drops a schema a test made, with everything in it. */
export async function dropTestSchema(schema: string): Promise<void> {
  await testSql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}

/** A database object on a schema of its own, and how to drop that schema when the test is done. */
export function isolatedDatabase(): { database: PostgresDatabase; drop: () => Promise<void> } {
  const schema = `switchyard_spec_${randomBytes(4).toString('hex')}`;
  const database = new PostgresDatabase({ url: TEST_DATABASE_URL, schema });
  return {
    database,
    drop: async () => {
      await database.close();
      await dropTestSchema(schema);
    },
  };
}
