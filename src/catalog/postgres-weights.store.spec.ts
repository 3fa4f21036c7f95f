import { aConfig, aModel } from '../../test/factories/gateway-config.factory.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { PostgresDatabase } from '#src/storage/postgres/postgres.database.js';
import { isolatedDatabase } from '#src/storage/postgres/postgres.spec-support.js';
import { PostgresWeightRecords } from '#src/storage/postgres/postgres-weights.records.js';
import type { WeightChangeRecord, WeightOverrides } from '#src/storage/weight-changes.types.js';
import { PostgresWeightsStore } from './postgres-weights.store.js';
import { WeightsService } from './weights.service.js';

/** The weight tables as a database that can be switched off: `down` makes every call fail like an unreachable server. */
class SwitchableRecords extends PostgresWeightRecords {
  down = false;
  /** Reads fail while writes would still work (a half-recovered server, a statement timeout). */
  readsFail = false;
  changes: WeightChangeRecord[] = [];

  constructor(public stored: WeightOverrides) {
    super(undefined as unknown as PostgresDatabase);
  }

  override async load(): Promise<WeightOverrides> {
    if (this.readsFail) throw new Error('timeout exceeded when trying to connect');
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    return { ...this.stored };
  }

  override async save(overrides: WeightOverrides, changes: readonly WeightChangeRecord[]): Promise<void> {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    this.stored = { ...overrides };
    this.changes.push(...changes);
  }
}

const config = aConfig([aModel('a'), aModel('b')]);
const clock = { now: () => Date.UTC(2026, 0, 1), monotonic: () => 0 };

describe('PostgresWeightsStore', () => {
  it('builds a change made after the database came back on the overrides stored before, instead of erasing them', async () => {
    const records = new SwitchableRecords({ a: 0 });
    records.down = true;
    const service = new WeightsService(config, await PostgresWeightsStore.open(records), clock);
    expect(service.view().weights.a).toBe(1);

    records.down = false;
    const view = await service.apply({ weights: { b: 3 } }, 'ops');

    expect(records.stored).toEqual({ a: 0, b: 3 });
    expect(view.weights).toMatchObject({ a: 0, b: 3 });
    expect(records.changes).toEqual([expect.objectContaining({ key: 'b', from: 1, to: 3 })]);
  });

  it('refuses a change while the stored overrides still cannot be read, and keeps them', async () => {
    const records = new SwitchableRecords({ a: 0 });
    records.down = true;
    const service = new WeightsService(config, await PostgresWeightsStore.open(records), clock);
    records.down = false;
    records.readsFail = true;

    await expect(service.reset('ops')).rejects.toBeInstanceOf(GatewayError);

    expect(records.stored).toEqual({ a: 0 });
    records.readsFail = false;
    await service.reset('ops');
    expect(records.stored).toEqual({});
    expect(records.changes).toEqual([expect.objectContaining({ key: 'a', from: 0, to: 1 })]);
  });
});

describe('PostgresWeightRecords', () => {
  it('keeps both of two changes to different keys saved at the same moment by two instances', async () => {
    const { database, drop } = isolatedDatabase();
    const [a, b] = [new PostgresWeightRecords(database), new PostgresWeightRecords(database)];
    const at = Date.UTC(2026, 0, 1);
    try {
      for (let round = 1; round <= 5; round += 1) {
        await Promise.all([
          a.save({ a: round }, [{ key: 'a', from: round - 1, to: round, at, actor: 'x' }]),
          b.save({ b: round * 10 }, [{ key: 'b', from: (round - 1) * 10, to: round * 10, at, actor: 'y' }]),
        ]);
      }
      expect(await a.load()).toEqual({ a: 5, b: 50 });
      expect(await b.recent(100)).toHaveLength(10);
      await a.save({}, [{ key: 'a', from: 5, to: 1, at, actor: 'x' }]);
      expect(await b.load()).toEqual({});
    } finally {
      await drop();
    }
  });
});
