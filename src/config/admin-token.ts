import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '#src/config/config-error.js';
import { fsReason, makeDataDir } from '#src/config/data-dir.js';

export interface AdminToken {
  value: string;
  /** True when this start generated it (so it is printed once, with the admin URL). */
  generated: boolean;
}

/**
 * `ADMIN_TOKEN` when set; otherwise the one kept in `DATA_DIR/admin-token`, generated (256 bits)
 * at the first start and readable only by its owner.
 */
export function resolveAdminToken(configured: string | undefined, dataDir: string): AdminToken {
  if (configured) return { value: configured, generated: false };
  const path = join(dataDir, 'admin-token');
  if (existsSync(path)) {
    const kept = readFileSync(path, 'utf8').trim();
    if (kept.length >= 16) return { value: kept, generated: false };
  }
  const value = randomBytes(32).toString('base64url');
  try {
    makeDataDir(dataDir);
    writeFileSync(path, `${value}\n`, { mode: 0o600 });
  } catch (err) {
    throw new ConfigError([
      `DATA_DIR: ${dataDir} is not writable (${fsReason(err)}), so the generated admin token cannot be kept there: ` +
        'make it a writable directory, or set ADMIN_TOKEN',
    ]);
  }
  return { value, generated: true };
}

export const ADMIN_TOKEN = Symbol('AdminToken');
