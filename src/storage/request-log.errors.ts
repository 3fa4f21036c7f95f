/** SQLite result codes that are about the row being written, not about the database. */
const SQLITE_ROW_CODES = ['SQLITE_CONSTRAINT', 'SQLITE_MISMATCH', 'SQLITE_TOOBIG', 'SQLITE_RANGE'];

/**
 * True when a store refused a write because of what a row holds (a value SQLite cannot bind,
 * PostgreSQL's data exceptions and constraint violations), so the same row would be refused
 * again however long the writer waited; false for a store that is away, locked, read-only or
 * full, where waiting and trying again is right.
 */
export function isRowRefusal(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (SQLITE_ROW_CODES.some((c) => code === c || code.startsWith(`${c}_`))) return true;
    // PostgreSQL SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation).
    return /^2[23][0-9A-Z]{3}$/.test(code);
  }
  // better-sqlite3 refuses a value it cannot bind (a boolean, an object) with a plain TypeError or
  // RangeError before touching the database; a closed database is reported the same way, so it is told apart.
  return (err instanceof TypeError || err instanceof RangeError) && !/not open/i.test(err.message);
}
