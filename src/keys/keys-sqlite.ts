import type Database from 'better-sqlite3';
import type { KeysSql, Statement } from './keys-sql.js';

/**
 * The key store's SQL on one better-sqlite3 connection. Each distinct text is prepared once: the
 * store issues a handful of fixed statements, so the cache stays as small as the store's SQL.
 */
export function sqliteKeysSql(file: Database.Database): KeysSql {
  const prepared = new Map<string, Database.Statement>();
  const prepare = (text: string) => {
    let statement = prepared.get(text);
    if (statement === undefined) {
      statement = file.prepare(text);
      prepared.set(text, statement);
    }
    return statement;
  };
  const runOne = ({ text, params = [] }: Statement) => void prepare(text).run(...params);
  // IMMEDIATE takes the write lock up front, so workers sharing the file apply a batch one at a time.
  const runAll = file.transaction((statements: readonly Statement[]) => statements.forEach(runOne));
  return {
    dialect: 'sqlite',
    rows: <T>(text: string, params: readonly unknown[] = []) =>
      Promise.resolve().then(() => prepare(text).all(...params) as T[]),
    run: (text, params) => Promise.resolve().then(() => runOne({ text, params })),
    runAll: (statements) => Promise.resolve().then(() => runAll.immediate(statements)),
    close: () => Promise.resolve().then(() => void file.close()),
  };
}
