import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { createOwnerOnlyFile } from '#src/config/data-dir.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import type { PostgresDatabase } from '#src/storage/postgres/postgres.database.js';
import { PostgresWeightRecords } from '#src/storage/postgres/postgres-weights.records.js';
import { REQUEST_LOG_FILE } from '#src/storage/sqlite-request-log.schema.js';
import { SqliteWeightAudit } from '#src/storage/sqlite-weight-audit.js';
import { PostgresWeightsStore } from './postgres-weights.store.js';
import { FileWeightsStore, type WeightsStore } from './weights.store.js';

/**
 * PostgreSQL when `DATABASE_URL` is set (shared by every instance); otherwise the JSON file in
 * `DATA_DIR`, with the audit trail in the local SQLite database (left out, with a warning, when
 * that cannot be opened: weights still work).
 */
export async function openWeightsStore(env: AppEnv, database: PostgresDatabase | null): Promise<WeightsStore> {
  if (database !== null) return PostgresWeightsStore.open(new PostgresWeightRecords(database));
  try {
    const audit = join(env.dataDir, REQUEST_LOG_FILE);
    createOwnerOnlyFile(audit);
    return new FileWeightsStore(env.dataDir, new SqliteWeightAudit(audit));
  } catch (err) {
    new Logger('Weights').warn(
      `Weight changes are not audited: the local database cannot be opened (${err instanceof Error ? err.message : String(err)})`,
    );
    return new FileWeightsStore(env.dataDir);
  }
}
