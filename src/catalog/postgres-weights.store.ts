import { Logger } from '@nestjs/common';
import { GatewayError } from '#src/core/gateway-error.js';
import type { PostgresWeightRecords } from '#src/storage/postgres/postgres-weights.records.js';
import type { WeightChangeRecord, WeightOverrides } from '#src/storage/weight-changes.types.js';
import type { WeightsStore } from './weights.store.js';

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

const unsaved = () =>
  new GatewayError(
    'unavailable',
    'The weight change was not applied: the gateway cannot save it to its database right now (the operator has ' +
      'the details in the log)',
  );

/**
 * Weight overrides in PostgreSQL, shared by every instance, with the audit trail in the same
 * transaction. A database that is down at start leaves the file's weights in force (logged); a
 * change made while it is down is refused, since it could not be kept. A change made once it is
 * back is built on the stored overrides, read first: saving replaces them all, so building it on
 * the empty start-up view would erase every override made before.
 */
export class PostgresWeightsStore implements WeightsStore {
  private static readonly logger = new Logger('Weights');

  private constructor(
    private readonly records: PostgresWeightRecords,
    /** Undefined until the stored overrides could be read. */
    private loaded: WeightOverrides | undefined,
  ) {}

  static async open(records: PostgresWeightRecords): Promise<PostgresWeightsStore> {
    try {
      return new PostgresWeightsStore(records, await records.load());
    } catch (err) {
      PostgresWeightsStore.logger.error(
        `Cannot read the weight overrides from PostgreSQL (${reason(err)}); the configured weights apply until ` +
          'it answers and a weight change is made, or until restart',
      );
      return new PostgresWeightsStore(records, undefined);
    }
  }

  load(): WeightOverrides {
    return { ...this.loaded };
  }

  async catchUp(): Promise<WeightOverrides | undefined> {
    if (this.loaded !== undefined) return undefined;
    try {
      this.loaded = await this.records.load();
    } catch (err) {
      PostgresWeightsStore.logger.error(`Cannot read the weight overrides from PostgreSQL (${reason(err)})`);
      throw unsaved();
    }
    PostgresWeightsStore.logger.log('Weight overrides read from PostgreSQL now that it answers');
    return { ...this.loaded };
  }

  async save(overrides: WeightOverrides, changes: readonly WeightChangeRecord[]): Promise<void> {
    try {
      await this.records.save(overrides, changes);
    } catch (err) {
      PostgresWeightsStore.logger.error(`Cannot save a weight change to PostgreSQL (${reason(err)})`);
      throw unsaved();
    }
  }

  history(limit: number): Promise<WeightChangeRecord[]> {
    return this.records.recent(limit);
  }
}
