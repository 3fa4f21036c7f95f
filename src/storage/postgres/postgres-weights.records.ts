import type { WeightAudit, WeightChangeRecord, WeightOverrides } from '../weight-changes.types.js';
import type { PostgresDatabase } from './postgres.database.js';

/**
 * Weight overrides and their audit trail in PostgreSQL, shared by every instance: a change
 * writes the overrides it names and records its audit rows in one transaction, so neither exists alone.
 */
export class PostgresWeightRecords implements WeightAudit {
  constructor(private readonly database: PostgresDatabase) {}

  async load(): Promise<WeightOverrides> {
    await this.database.ready();
    const rows = await this.database.db.selectFrom('weight_overrides').select(['key', 'weight']).execute();
    return Object.fromEntries(rows.map((r) => [r.key, r.weight]));
  }

  /**
   * Writes only the keys `changes` names (set when `overrides` has them, removed otherwise), so a
   * change saved at the same moment by another instance, to other keys, stays; empty `overrides`
   * (a reset) removes every one.
   */
  async save(overrides: WeightOverrides, changes: readonly WeightChangeRecord[]): Promise<void> {
    await this.database.ready();
    const at = changes[0]?.at ?? Date.now();
    const keys = [...new Set(changes.map((c) => c.key))];
    const rows = keys.flatMap((key) => (key in overrides ? [{ key, weight: overrides[key], updated_at: at }] : []));
    const gone = keys.filter((key) => !(key in overrides));
    await this.database.db.transaction().execute(async (tx) => {
      if (Object.keys(overrides).length === 0) await tx.deleteFrom('weight_overrides').execute();
      else if (gone.length > 0) await tx.deleteFrom('weight_overrides').where('key', 'in', gone).execute();
      if (rows.length > 0) {
        await tx
          .insertInto('weight_overrides')
          .values(rows)
          .onConflict((oc) =>
            oc
              .column('key')
              .doUpdateSet((eb) => ({ weight: eb.ref('excluded.weight'), updated_at: eb.ref('excluded.updated_at') })),
          )
          .execute();
      }
      if (changes.length > 0) await tx.insertInto('weight_changes').values(changes.map(toChangeRow)).execute();
    });
  }

  async record(changes: readonly WeightChangeRecord[]): Promise<void> {
    if (changes.length === 0) return;
    await this.database.ready();
    await this.database.db.insertInto('weight_changes').values(changes.map(toChangeRow)).execute();
  }

  async recent(limit: number): Promise<WeightChangeRecord[]> {
    await this.database.ready();
    const rows = await this.database.db
      .selectFrom('weight_changes')
      .select(['at', 'actor', 'key', 'old_weight', 'new_weight'])
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ at: r.at, actor: r.actor, key: r.key, from: r.old_weight ?? 0, to: r.new_weight ?? 0 }));
  }
}

function toChangeRow(c: WeightChangeRecord) {
  return { at: c.at, actor: c.actor, key: c.key, old_weight: c.from, new_weight: c.to };
}
