import type { AuditEntry, ClientKey, SpendRow } from './client-key.types.js';
import { fromKeyRow, toKeyRow } from './key-row.mapper.js';
import type { KeysSql, Statement } from './keys.sql.js';
import type { ClientKeysTable, KeyAuditTable, KeySpendTable } from './keys.tables.js';

export const KEY_STORE = Symbol('KeyStore');

/**
 * The first UTC day each kind of key counts its spend from: a `day` or `month` budget's current
 * period, and the window shown for a key without a budget. A `total` budget counts every day.
 */
export interface PeriodStarts {
  day: string;
  month: string;
  unbudgeted: string;
}

/** What a key used within one span of days, summed by the database. */
export interface PeriodSpend {
  requests: number;
  /** Tokens in and out. */
  tokens: number;
  usd: number;
  unpricedRequests: number;
}

export interface SpendQuery {
  keyId?: string;
  /** First UTC day included, `YYYY-MM-DD`. */
  fromDay?: string;
}

/** The spend columns an upsert adds to the day's row. */
const SPEND_SUMS = [
  'requests',
  'tokens_in',
  'tokens_out',
  'tokens_cached',
  'tokens_reasoning',
  'usd',
  'unpriced_requests',
] as const;

/** Column names come from the store's own row mappers, never from a caller: safe to put in the text. */
const insertInto = (table: string, row: object): Statement => ({
  text: `INSERT INTO ${table} (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row)
    .map(() => '?')
    .join(', ')})`,
  params: Object.values(row),
});

function spendUpsert(row: SpendRow): Statement {
  const insert = insertInto('key_spend', {
    key_id: row.keyId,
    model: row.model,
    day: row.day,
    requests: row.requests,
    tokens_in: row.tokensIn,
    tokens_out: row.tokensOut,
    tokens_cached: row.tokensCached,
    tokens_reasoning: row.tokensReasoning,
    usd: row.usd,
    unpriced_requests: row.unpricedRequests,
  });
  const sums = SPEND_SUMS.map((c) => `${c} = key_spend.${c} + excluded.${c}`).join(', ');
  return { ...insert, text: `${insert.text} ON CONFLICT (key_id, model, day) DO UPDATE SET ${sums}` };
}

/** The optional filters as one `where` clause (empty without any) and its parameters. */
function filters(query: SpendQuery): { where: string; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  if (query.keyId !== undefined) {
    clauses.push('key_id = ?');
    params.push(query.keyId);
  }
  if (query.fromDay !== undefined) {
    clauses.push('day >= ?');
    params.push(query.fromDay);
  }
  return { where: clauses.length === 0 ? '' : ` WHERE ${clauses.join(' AND ')}`, params };
}

/** Keys, spend and the audit trail in SQLite or PostgreSQL: the same SQL for both. */
export class KeyStore {
  /** Writes to key rows made through this store, finished or failed (see `keysMark`). */
  private keyWrites = 0;

  /** `ready` brings the schema up to date before the first query (see openKeysDatabase). */
  constructor(
    private readonly sql: KeysSql,
    private readonly ready: () => Promise<void> = () => Promise.resolve(),
  ) {}

  /**
   * A mark of every key row as it stands: taken before a read, the same mark later means no row
   * changed since, so what the read found still holds. It moves on a write through this store and
   * on any commit from another connection (another worker, spend included); undefined where the
   * database offers no cheap mark (PostgreSQL) or it cannot be read: read again.
   */
  keysMark(): string | undefined {
    try {
      const version = this.sql.dataVersion?.();
      return version === undefined ? undefined : `${version}:${this.keyWrites}`;
    } catch {
      return undefined;
    }
  }

  async insert(key: ClientKey, hash: string): Promise<void> {
    await this.ready();
    await this.writeKeys(insertInto('client_keys', { ...toKeyRow(key), hash }));
  }

  /**
   * Writes a live key's settings over the row read as of `readAt` (its `updatedAt` then); answers
   * false, writing nothing, when no live key has that id (none does, or it was revoked meanwhile) or
   * the row changed since that read, so an edit never writes back what another one changed. Its
   * revocation is never written here, so an edit read before a revoke cannot undo it.
   */
  async update(key: ClientKey, readAt: string): Promise<boolean> {
    await this.ready();
    const { id, revoked_at: _revoked, ...columns } = toKeyRow(key);
    const set = Object.keys(columns)
      .map((c) => `${c} = ?`)
      .join(', ');
    return this.writeKeys(
      {
        text: `UPDATE client_keys SET ${set} WHERE id = ? AND revoked_at IS NULL AND updated_at = ? RETURNING id`,
        params: [...Object.values(columns), id, readAt],
      },
      true,
    );
  }

  /**
   * Revokes a live key at `at`, if it is still as read at `readAt` (its `updatedAt` then); answers
   * false when no live key has that id (none does, or it already was) or the row changed since.
   */
  async revoke(id: string, at: string, readAt: string): Promise<boolean> {
    await this.ready();
    return this.writeKeys(
      {
        text: 'UPDATE client_keys SET revoked_at = ?, updated_at = ? WHERE id = ? AND revoked_at IS NULL AND updated_at = ? RETURNING id',
        params: [at, at, id, readAt],
      },
      true,
    );
  }

  /**
   * Every statement that writes `client_keys` goes through here, or a key changed on this
   * connection could be answered from the cache indefinitely (`keysMark`). Counted once the write
   * is over, never before: a read that missed the write took its mark earlier still, so that mark
   * is no longer the current one. A statement `returning` the ids it wrote answers whether it
   * wrote any.
   */
  private async writeKeys({ text, params }: Statement, returning = false): Promise<boolean> {
    try {
      if (!returning) {
        await this.sql.run(text, params);
        return true;
      }
      return (await this.sql.rows(text, params)).length > 0;
    } finally {
      this.keyWrites += 1;
    }
  }

  async get(id: string): Promise<ClientKey | undefined> {
    await this.ready();
    const [row] = await this.sql.rows<ClientKeysTable>('SELECT * FROM client_keys WHERE id = ?', [id]);
    return row && fromKeyRow(row);
  }

  /** The key stored under `hash`, with the hash as stored (for the caller's constant-time check). */
  async byHash(hash: string): Promise<{ key: ClientKey; storedHash: string } | undefined> {
    await this.ready();
    const [row] = await this.sql.rows<ClientKeysTable>('SELECT * FROM client_keys WHERE hash = ?', [hash]);
    return row && { key: fromKeyRow(row), storedHash: row.hash };
  }

  async list(): Promise<ClientKey[]> {
    await this.ready();
    const rows = await this.sql.rows<ClientKeysTable>('SELECT * FROM client_keys ORDER BY created_at DESC');
    return rows.map(fromKeyRow);
  }

  /** Keys ever created, revoked ones included; while the mode is unset, one or more turns client keys on. */
  async count(): Promise<number> {
    await this.ready();
    // PostgreSQL answers a count as a bigint string, SQLite as a number.
    const [row] = await this.sql.rows<{ n: number | string }>('SELECT count(*) AS n FROM client_keys');
    return Number(row.n);
  }

  /** Adds rows of use in one transaction. */
  async addSpendRows(rows: readonly SpendRow[]): Promise<void> {
    await this.ready();
    await this.sql.runAll(rows.map(spendUpsert));
  }

  /** Adds one request's use to its key, model and day. */
  async addSpend(row: SpendRow): Promise<void> {
    await this.ready();
    const { text, params } = spendUpsert(row);
    await this.sql.run(text, params);
  }

  /** Dollars a key spent from `fromDay` on (every day when absent). */
  async spentSince(keyId: string, fromDay?: string): Promise<number> {
    await this.ready();
    const { where, params } = filters({ keyId, fromDay });
    const [row] = await this.sql.rows<{ usd: number | string | null }>(
      `SELECT sum(usd) AS usd FROM key_spend${where}`,
      params,
    );
    return Number(row?.usd ?? 0);
  }

  /**
   * Each key's use within its own budget period (see PeriodStarts), one row per key that used
   * anything: the database sums the rows, so the answer stays one line per key however old the
   * spend history is.
   */
  async spendInPeriods(starts: PeriodStarts): Promise<Map<string, PeriodSpend>> {
    await this.ready();
    // The node-postgres driver hands sums back as numbers here (the columns are DOUBLE PRECISION);
    // Number() below only guards against a driver that would not.
    // A key's period is read as the row mapper reads it: no budget_usd means no budget, and a
    // budget without a period is a month's. Only a `total` budget reaches back before the earliest
    // start; every other key's rows are read in a second part cut at that day on `key_spend` alone,
    // which the key_spend(day) index serves (an OR of the two would read the whole table).
    const earliest = [starts.day, starts.month, starts.unbudgeted].sort()[0];
    const rows = await this.sql.rows<{
      key_id: string;
      requests: number | string;
      tokens: number | string;
      usd: number | string;
      unpriced: number | string;
    }>(
      `SELECT key_id, sum(requests) AS requests, sum(tokens) AS tokens, sum(usd) AS usd, sum(unpriced) AS unpriced
      FROM (
        SELECT s.key_id AS key_id, s.requests AS requests, s.tokens_in + s.tokens_out AS tokens,
          s.usd AS usd, s.unpriced_requests AS unpriced
        FROM key_spend s JOIN client_keys k ON k.id = s.key_id
        WHERE k.budget_usd IS NOT NULL AND k.budget_period = 'total'
        UNION ALL
        SELECT s.key_id, s.requests, s.tokens_in + s.tokens_out, s.usd, s.unpriced_requests
        FROM key_spend s JOIN client_keys k ON k.id = s.key_id
        WHERE s.day >= ?
          AND (k.budget_usd IS NULL OR COALESCE(k.budget_period, 'month') <> 'total')
          AND s.day >= CASE
            WHEN k.budget_usd IS NULL THEN ?
            WHEN k.budget_period = 'day' THEN ?
            ELSE ? END
      ) spent
      GROUP BY key_id`,
      [earliest, starts.unbudgeted, starts.day, starts.month],
    );
    return new Map(
      rows.map((r) => [
        r.key_id,
        {
          requests: Number(r.requests),
          tokens: Number(r.tokens),
          usd: Number(r.usd),
          unpricedRequests: Number(r.unpriced),
        },
      ]),
    );
  }

  async spend(query: SpendQuery = {}): Promise<SpendRow[]> {
    await this.ready();
    const { where, params } = filters(query);
    const rows = await this.sql.rows<KeySpendTable>(`SELECT * FROM key_spend${where} ORDER BY day, model`, params);
    return rows.map((r) => ({
      keyId: r.key_id,
      model: r.model,
      day: r.day,
      requests: Number(r.requests),
      tokensIn: Number(r.tokens_in),
      tokensOut: Number(r.tokens_out),
      tokensCached: Number(r.tokens_cached),
      tokensReasoning: Number(r.tokens_reasoning),
      usd: Number(r.usd),
      unpricedRequests: Number(r.unpriced_requests),
    }));
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.ready();
    await this.sql.run(
      'INSERT INTO key_audit (at, actor, "action", key_id, "before", "after") VALUES (?, ?, ?, ?, ?, ?)',
      [
        entry.at,
        entry.actor,
        entry.action,
        entry.keyId,
        entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === undefined ? null : JSON.stringify(entry.after),
      ],
    );
  }

  async auditTrail(keyId?: string, limit = 200): Promise<AuditEntry[]> {
    await this.ready();
    const { where, params } = filters({ keyId });
    const rows = await this.sql.rows<KeyAuditTable>(`SELECT * FROM key_audit${where} ORDER BY seq DESC LIMIT ?`, [
      ...params,
      limit,
    ]);
    return rows.map((r) => ({
      at: r.at,
      actor: r.actor,
      action: r.action as AuditEntry['action'],
      keyId: r.key_id,
      before: r.before === null ? undefined : (JSON.parse(r.before) as Partial<ClientKey>),
      after: r.after === null ? undefined : (JSON.parse(r.after) as Partial<ClientKey>),
    }));
  }

  close(): Promise<void> {
    return this.sql.close();
  }
}
