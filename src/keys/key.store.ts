import { type Kysely, sql } from 'kysely';
import type { AuditEntry, ClientKey, SpendRow } from './client-key.types.js';
import { fromKeyRow, toKeyRow } from './key-row.mapper.js';
import type { KeysDatabase } from './keys.tables.js';

export const KEY_STORE = Symbol('KeyStore');

export interface SpendQuery {
  keyId?: string;
  /** First UTC day included, `YYYY-MM-DD`. */
  fromDay?: string;
}

/** Keys, spend and the audit trail in SQLite or PostgreSQL (the same queries for both, through kysely). */
export class KeyStore {
  /** `ready` brings the schema up to date before the first query (see openKeysDatabase). */
  constructor(
    private readonly db: Kysely<KeysDatabase>,
    private readonly ready: () => Promise<void> = () => Promise.resolve(),
  ) {}

  async insert(key: ClientKey, hash: string): Promise<void> {
    await this.ready();
    await this.db
      .insertInto('client_keys')
      .values({ ...toKeyRow(key), hash })
      .execute();
  }

  async update(key: ClientKey): Promise<void> {
    await this.ready();
    const { id, ...columns } = toKeyRow(key);
    await this.db.updateTable('client_keys').set(columns).where('id', '=', id).execute();
  }

  async get(id: string): Promise<ClientKey | undefined> {
    await this.ready();
    const row = await this.db.selectFrom('client_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fromKeyRow(row);
  }

  /** The key stored under `hash`, with the hash as stored (for the caller's constant-time check). */
  async byHash(hash: string): Promise<{ key: ClientKey; storedHash: string } | undefined> {
    await this.ready();
    const row = await this.db.selectFrom('client_keys').selectAll().where('hash', '=', hash).executeTakeFirst();
    return row && { key: fromKeyRow(row), storedHash: row.hash };
  }

  async list(): Promise<ClientKey[]> {
    await this.ready();
    const rows = await this.db.selectFrom('client_keys').selectAll().orderBy('created_at', 'desc').execute();
    return rows.map(fromKeyRow);
  }

  /** Keys ever created, revoked ones included; while the mode is unset, one or more turns client keys on. */
  async count(): Promise<number> {
    await this.ready();
    const row = await this.db
      .selectFrom('client_keys')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Adds rows of use in one transaction. */
  async addSpendRows(rows: readonly SpendRow[]): Promise<void> {
    await this.ready();
    await this.db.transaction().execute(async (trx) => {
      for (const row of rows) await new KeyStore(trx).addSpend(row);
    });
  }

  /** Adds one request's use to its key, model and day. */
  async addSpend(row: SpendRow): Promise<void> {
    await this.ready();
    const values = {
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
    };
    const add = (column: keyof typeof values) =>
      sql<number>`key_spend.${sql.ref(column)} + excluded.${sql.ref(column)}`;
    await this.db
      .insertInto('key_spend')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['key_id', 'model', 'day']).doUpdateSet({
          requests: add('requests'),
          tokens_in: add('tokens_in'),
          tokens_out: add('tokens_out'),
          tokens_cached: add('tokens_cached'),
          tokens_reasoning: add('tokens_reasoning'),
          usd: add('usd'),
          unpriced_requests: add('unpriced_requests'),
        }),
      )
      .execute();
  }

  /** Dollars a key spent from `fromDay` on (every day when absent). */
  async spentSince(keyId: string, fromDay?: string): Promise<number> {
    await this.ready();
    let query = this.db
      .selectFrom('key_spend')
      .select((eb) => eb.fn.sum<number | string | null>('usd').as('usd'))
      .where('key_id', '=', keyId);
    if (fromDay !== undefined) query = query.where('day', '>=', fromDay);
    const row = await query.executeTakeFirst();
    return Number(row?.usd ?? 0);
  }

  async spend(query: SpendQuery = {}): Promise<SpendRow[]> {
    await this.ready();
    let q = this.db.selectFrom('key_spend').selectAll();
    if (query.keyId !== undefined) q = q.where('key_id', '=', query.keyId);
    if (query.fromDay !== undefined) q = q.where('day', '>=', query.fromDay);
    const rows = await q.orderBy('day').orderBy('model').execute();
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
    await this.db
      .insertInto('key_audit')
      .values({
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        key_id: entry.keyId,
        before: entry.before === undefined ? null : JSON.stringify(entry.before),
        after: entry.after === undefined ? null : JSON.stringify(entry.after),
      })
      .execute();
  }

  async auditTrail(keyId?: string, limit = 200): Promise<AuditEntry[]> {
    await this.ready();
    let q = this.db.selectFrom('key_audit').selectAll();
    if (keyId !== undefined) q = q.where('key_id', '=', keyId);
    const rows = await q.orderBy('seq', 'desc').limit(limit).execute();
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
    return this.db.destroy();
  }
}
