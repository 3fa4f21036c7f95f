import type { Pool, PoolClient } from 'pg';
import type { KeysQueries, KeysSql } from './keys.sql.js';

/** `?` placeholders as PostgreSQL numbers them: `$1`, `$2`, … (the store's SQL holds no literal `?`). */
export function numberedPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** Reads and writes on a pool (each on any connection) or on one client (inside its transaction). */
function queriesOn(db: Pool | PoolClient): KeysQueries {
  const query = (text: string, params: readonly unknown[] = []) => db.query(numberedPlaceholders(text), [...params]);
  return {
    rows: async <T>(text: string, params?: readonly unknown[]) => (await query(text, params)).rows as T[],
    run: async (text, params) => void (await query(text, params)),
  };
}

/** The key store's SQL on a pg pool; a transaction holds one pooled connection. */
export function postgresKeysSql(pool: Pool): KeysSql {
  async function transaction<T>(work: (tx: KeysQueries) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(queriesOn(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
  return {
    dialect: 'postgres',
    ...queriesOn(pool),
    runAll: (statements) =>
      transaction(async (tx) => {
        for (const { text, params } of statements) await tx.run(text, params);
      }),
    transaction,
    close: () => pool.end(),
  };
}
