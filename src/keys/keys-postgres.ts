import type { Pool } from 'pg';
import type { KeysSql, Statement } from './keys-sql.js';

/** `?` placeholders as PostgreSQL numbers them: `$1`, `$2`, … (the store's SQL holds no literal `?`). */
export function numberedPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** The key store's SQL on a pg pool; a batch holds one pooled connection for its transaction. */
export function postgresKeysSql(pool: Pool): KeysSql {
  const query = ({ text, params = [] }: Statement) => pool.query(numberedPlaceholders(text), [...params]);
  return {
    dialect: 'postgres',
    rows: async <T>(text: string, params?: readonly unknown[]) => (await query({ text, params })).rows as T[],
    run: async (text, params) => void (await query({ text, params })),
    async runAll(statements) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        for (const { text, params = [] } of statements) await client.query(numberedPlaceholders(text), [...params]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
