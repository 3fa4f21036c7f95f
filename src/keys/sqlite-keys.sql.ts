import type Database from 'better-sqlite3';
import { sqliteStatementCache } from '#src/storage/sqlite-statement.cache.js';
import type { KeysQueries, KeysSql, Statement } from './keys.sql.js';

/** The key store's SQL on one better-sqlite3 connection, each distinct text prepared once. */
export function sqliteKeysSql(file: Database.Database): KeysSql {
  const prepare = sqliteStatementCache(file);
  const runOne = ({ text, params = [] }: Statement) => void prepare(text).run(...params);
  // IMMEDIATE takes the write lock up front, so workers sharing the file apply a batch one at a time.
  const runAll = file.transaction((statements: readonly Statement[]) => statements.forEach(runOne));
  const dataVersion = file.prepare('PRAGMA data_version').pluck();
  const queries: KeysQueries = {
    rows: <T>(text: string, params: readonly unknown[] = []) =>
      Promise.resolve().then(() => prepare(text).all(...params) as T[]),
    run: (text, params) => Promise.resolve().then(() => runOne({ text, params })),
  };
  // better-sqlite3's transactions cannot wait for a promise, so this one is opened by hand; whatever
  // else runs on the connection meanwhile joins it, which is why the store keeps it for its migrations,
  // done before its first query.
  async function transaction<T>(work: (tx: KeysQueries) => Promise<T>): Promise<T> {
    file.exec('BEGIN IMMEDIATE');
    try {
      const result = await work(queries);
      file.exec('COMMIT');
      return result;
    } catch (err) {
      if (file.inTransaction) file.exec('ROLLBACK');
      throw err;
    }
  }
  return {
    dialect: 'sqlite',
    ...queries,
    runAll: (statements) => Promise.resolve().then(() => runAll.immediate(statements)),
    transaction,
    dataVersion: () => dataVersion.get() as number,
    close: () => Promise.resolve().then(() => void file.close()),
  };
}
