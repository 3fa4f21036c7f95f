import { Logger } from '@nestjs/common';
import { GatewayError } from '#src/core/gateway-error.js';
import type { PostgresWeightRecords } from '#src/storage/postgres/postgres-weights.records.js';
import type { WeightChangeRecord, WeightOverrides } from '#src/storage/weight-changes.types.js';
import type { WeightsStore } from './weights.store.js';

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Weight overrides in PostgreSQL, shared by every instance, with the audit trail in the same
 * transaction. A database that is down at start leaves the file's weights in force (logged); a
 * change made while it is down is refused, since it could not be kept.
 */
export class PostgresWeightsStore implements WeightsStore {
  private static readonly logger = new Logger('Weights');

  private constructor(
    private readonly records: PostgresWeightRecords,
    private readonly loaded: WeightOverrides,
  ) {}

  static async open(records: PostgresWeightRecords): Promise<PostgresWeightsStore> {
    try {
      return new PostgresWeightsStore(records, await records.load());
    } catch (err) {
      PostgresWeightsStore.logger.error(
        `Cannot read the weight overrides from PostgreSQL (${reason(err)}); the configured weights apply until restart`,
      );
      return new PostgresWeightsStore(records, {});
    }
  }

  load(): WeightOverrides {
    return { ...this.loaded };
  }

  async save(overrides: WeightOverrides, changes: readonly WeightChangeRecord[]): Promise<void> {
    try {
      await this.records.save(overrides, changes);
    } catch (err) {
      PostgresWeightsStore.logger.error(`Cannot save a weight change to PostgreSQL (${reason(err)})`);
      throw new GatewayError(
        'unavailable',
        'The weight change was not applied: the gateway cannot save it to its database right now (the operator has ' +
          'the details in the log)',
      );
    }
  }

  history(limit: number): Promise<WeightChangeRecord[]> {
    return this.records.recent(limit);
  }
}
