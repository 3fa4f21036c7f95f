import type Database from 'better-sqlite3';

/**
 * Each distinct SQL text prepared once on `db` and the same statement handed back after: a store
 * issues a fixed handful of texts, so the cache stays as small as its SQL.
 */
export function sqliteStatementCache(db: Database.Database): (text: string) => Database.Statement {
  const prepared = new Map<string, Database.Statement>();
  return (text) => {
    let statement = prepared.get(text);
    if (statement === undefined) {
      statement = db.prepare(text);
      prepared.set(text, statement);
    }
    return statement;
  };
}
