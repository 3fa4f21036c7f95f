import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Clock } from '#src/core/clock.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { ChangeBus } from '#src/state/shared-state.types.js';
import type { AuthModeState } from './auth-mode.js';
import type { AuditEntry, ClientKey, KeyLimits, KeySettings, SpendRow } from './client-key.types.js';
import { KEYS_CHANGED } from './key-directory.js';
import { displayPrefix, hashSecret, newSecret } from './key-secret.js';
import { periodStartsAt } from './budget-period.js';
import type { KeyStore, PeriodSpend, SpendQuery } from './key.store.js';

/** A key just made, with its secret: the only time the secret exists outside the client. */
export interface CreatedKey {
  key: ClientKey;
  secret: string;
}

const logger = new Logger('ClientKeys');

const notFound = (id: string) => new GatewayError('not_found', `No client key with id ${id}`, { param: 'id' });

const revoked = () =>
  new GatewayError('invalid_request', 'A revoked key cannot be changed', { param: 'id', status: 409 });

/** What a settings change does to a key (a `null` clears the setting). */
function applied(key: ClientKey, s: KeySettings, now: string): ClientKey {
  const next: ClientKey = { ...key, updatedAt: now };
  if (s.name !== undefined) next.name = s.name;
  if (s.team !== undefined) next.team = s.team ?? undefined;
  if (s.allowedModels !== undefined) next.allowedModels = s.allowedModels;
  if (s.limits !== undefined) next.limits = withLimits(key.limits, s.limits);
  if (s.budget !== undefined) next.budget = s.budget ?? undefined;
  if (s.expiresAt !== undefined) next.expiresAt = s.expiresAt ?? undefined;
  if (s.metadata !== undefined) next.metadata = s.metadata;
  if (s.defaultModel !== undefined) next.defaultModel = s.defaultModel ?? undefined;
  if (s.mayRoute !== undefined) next.mayRoute = s.mayRoute;
  if (s.disabled !== undefined) next.disabled = s.disabled;
  return next;
}

/** The key's limits with those named in `changes` set, or removed where `null`. */
function withLimits(limits: KeyLimits, changes: NonNullable<KeySettings['limits']>): KeyLimits {
  const next: KeyLimits = { ...limits };
  for (const name of Object.keys(changes) as (keyof KeyLimits)[]) {
    const value = changes[name];
    if (value === null) delete next[name];
    else if (value !== undefined) next[name] = value;
  }
  return next;
}

/**
 * The admin's operations on client keys: create (the secret is returned once and only its hash
 * kept), edit, disable, revoke; every one is written to the audit trail and announced on the
 * change bus, so every instance stops honouring a revoked key at once.
 */
export class KeyService {
  constructor(
    private readonly store: KeyStore,
    private readonly bus: ChangeBus,
    private readonly clock: Clock,
    private readonly mode: AuthModeState,
  ) {}

  list(): Promise<ClientKey[]> {
    return this.store.list();
  }

  async get(id: string): Promise<ClientKey> {
    const key = await this.store.get(id);
    if (key === undefined) throw notFound(id);
    return key;
  }

  async create(settings: KeySettings, actor: string): Promise<CreatedKey> {
    const secret = newSecret();
    const now = this.now();
    const blank: ClientKey = {
      id: `key_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      name: '',
      prefix: displayPrefix(secret),
      allowedModels: [],
      limits: {},
      metadata: {},
      mayRoute: true,
      disabled: false,
      createdAt: now,
      updatedAt: now,
    };
    const key = applied(blank, settings, now);
    await this.store.insert(key, hashSecret(secret));
    this.mode.keyCreated();
    // The key exists from here: its secret is answered even if its audit line or announcement fails,
    // or it would exist with a secret nobody ever sees.
    try {
      await this.changed({ at: now, actor, action: 'create', keyId: key.id, after: key });
    } catch (err) {
      logger.warn(`Client key ${key.id} was created, but its audit entry or announcement failed: ${String(err)}`);
    }
    return { key, secret };
  }

  async update(id: string, settings: KeySettings, actor: string): Promise<ClientKey> {
    const before = await this.get(id);
    if (before.revokedAt !== undefined) throw revoked();
    const after = applied(before, settings, this.now());
    // Written only while the key is live: a revoke that landed since the read stands.
    if (!(await this.store.update(after))) {
      await this.get(id);
      throw revoked();
    }
    const action =
      settings.disabled === undefined || settings.disabled === before.disabled
        ? 'update'
        : settings.disabled
          ? 'disable'
          : 'enable';
    await this.changed({ at: after.updatedAt, actor, action, keyId: id, before, after });
    return after;
  }

  /** For good: a revoked key is refused from now on and cannot be brought back. */
  async revoke(id: string, actor: string): Promise<ClientKey> {
    const before = await this.get(id);
    if (before.revokedAt !== undefined) return before;
    const now = this.now();
    // Only the revocation is written, so an edit that landed since the read is kept.
    if (!(await this.store.revoke(id, now))) return this.get(id);
    const after = await this.get(id);
    await this.changed({ at: now, actor, action: 'revoke', keyId: id, before, after });
    return after;
  }

  audit(keyId?: string): Promise<AuditEntry[]> {
    return this.store.auditTrail(keyId);
  }

  /** Each key's use within its current budget period (the last 30 days without a budget), by key id. */
  spendInPeriods(): Promise<Map<string, PeriodSpend>> {
    return this.store.spendInPeriods(periodStartsAt(this.clock.now()));
  }

  spend(query: SpendQuery): Promise<SpendRow[]> {
    return this.store.spend(query);
  }

  private async changed(entry: AuditEntry): Promise<void> {
    await this.store.audit(entry);
    await this.bus.publish(KEYS_CHANGED, entry.keyId);
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
