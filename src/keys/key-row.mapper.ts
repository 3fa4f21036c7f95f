import type { BudgetPeriod, ClientKey } from './client-key.types.js';
import type { ClientKeysTable } from './keys.tables.js';

const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function fromKeyRow(row: ClientKeysTable): ClientKey {
  const limits = {
    rpm: orUndefined(row.rpm),
    tpm: orUndefined(row.tpm),
    maxConcurrent: orUndefined(row.max_concurrent),
  };
  return {
    id: row.id,
    name: row.name,
    team: orUndefined(row.team),
    prefix: row.prefix,
    allowedModels: parseJson<string[]>(row.allowed_models, []),
    limits: Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)),
    budget:
      row.budget_usd === null
        ? undefined
        : { usd: row.budget_usd, period: (row.budget_period ?? 'month') as BudgetPeriod },
    expiresAt: orUndefined(row.expires_at),
    metadata: parseJson<Record<string, unknown>>(row.metadata, {}),
    defaultModel: orUndefined(row.default_model),
    mayRoute: row.may_route === 1,
    disabled: row.disabled === 1,
    revokedAt: orUndefined(row.revoked_at),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Every column but the hash, which is written once at creation. */
export function toKeyRow(key: ClientKey): Omit<ClientKeysTable, 'hash'> {
  return {
    id: key.id,
    name: key.name,
    team: key.team ?? null,
    prefix: key.prefix,
    allowed_models: JSON.stringify(key.allowedModels),
    rpm: key.limits.rpm ?? null,
    tpm: key.limits.tpm ?? null,
    max_concurrent: key.limits.maxConcurrent ?? null,
    budget_usd: key.budget?.usd ?? null,
    budget_period: key.budget?.period ?? null,
    expires_at: key.expiresAt ?? null,
    metadata: JSON.stringify(key.metadata),
    default_model: key.defaultModel ?? null,
    may_route: key.mayRoute ? 1 : 0,
    disabled: key.disabled ? 1 : 0,
    revoked_at: key.revokedAt ?? null,
    created_at: key.createdAt,
    updated_at: key.updatedAt,
  };
}
