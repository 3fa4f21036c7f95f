import Database from 'better-sqlite3';
import type { WeightAudit, WeightChangeRecord } from './weight-changes.types.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS weight_changes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  key TEXT NOT NULL,
  old_weight REAL NOT NULL,
  new_weight REAL NOT NULL
);
`;

interface Row {
  at: number;
  actor: string;
  key: string;
  old_weight: number;
  new_weight: number;
}

/** The weight audit trail in the local SQLite file (beside the request log), for single-instance mode. */
export class SqliteWeightAudit implements WeightAudit {
  private readonly db: Database.Database;

  /** Throws when the file cannot be opened (the caller decides what to do instead). */
  constructor(path: string) {
    this.db = new Database(path, { timeout: 1_000 });
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.exec(SCHEMA);
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  async record(changes: readonly WeightChangeRecord[]): Promise<void> {
    const insert = this.db.prepare(
      'INSERT INTO weight_changes (at, actor, key, old_weight, new_weight) VALUES (?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const c of changes) insert.run(c.at, c.actor, c.key, c.from, c.to);
    })();
  }

  async recent(limit: number): Promise<WeightChangeRecord[]> {
    const rows = this.db
      .prepare('SELECT at, actor, key, old_weight, new_weight FROM weight_changes ORDER BY id DESC LIMIT ?')
      .all(limit) as Row[];
    return rows.map((r) => ({ at: r.at, actor: r.actor, key: r.key, from: r.old_weight, to: r.new_weight }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
