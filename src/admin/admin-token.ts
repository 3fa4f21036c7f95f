import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return { value, generated: true };
}

export const ADMIN_TOKEN = Symbol('AdminToken');
