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

const changedMeanwhile = () =>
  new GatewayError('invalid_request', 'The key changed since it was read: read it again and retry', {
    param: 'id',
    status: 409,
  });

/** How many times a revoke reads the key again when an edit lands between its read and its write. */
const REVOKE_ATTEMPTS = 5;

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
    await this.changed({ at: now, actor, action: 'create', keyId: key.id, after: key });
    return { key, secret };
  }

  async update(id: string, settings: KeySettings, actor: string): Promise<ClientKey> {
    const before = await this.get(id);
    if (before.revokedAt !== undefined) throw revoked();
    const after = applied(before, settings, this.stamp(before));
    // Written only over the row as read, and only while the key is live: a revoke or another edit
    // that landed since the read stands, and this one is refused rather than writing back what it read.
    if (!(await this.store.update(after, before.updatedAt))) {
      if ((await this.get(id)).revokedAt !== undefined) throw revoked();
      throw changedMeanwhile();
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
    for (let attempt = 1; ; attempt += 1) {
      const before = await this.get(id);
      if (before.revokedAt !== undefined) return before;
      const now = this.stamp(before);
      // Only the revocation is written, over the row as read: the audit entry's before is the row
      // revoked. An edit that landed since the read is kept, and the key read again.
      if (await this.store.revoke(id, now, before.updatedAt)) {
        const after: ClientKey = { ...before, revokedAt: now, updatedAt: now };
        await this.changed({ at: now, actor, action: 'revoke', keyId: id, before, after });
        return after;
      }
      if (attempt === REVOKE_ATTEMPTS) throw changedMeanwhile();
    }
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

  /**
   * Records and announces a change already written: a failure of either is logged, not answered, since
   * the change stands (a revoke answered 500 would be a revoked key the admin believes live). Other
   * instances then learn of it from the store's mark within a second.
   */
  private async changed(entry: AuditEntry): Promise<void> {
    try {
      await this.store.audit(entry);
      await this.bus.publish(KEYS_CHANGED, entry.keyId);
    } catch (err) {
      logger.warn(
        `Client key ${entry.keyId}: ${entry.action} was made, but its audit entry or announcement failed: ${String(err)}`,
      );
    }
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /**
   * The time a write to `key` is stamped with: now, or just after its last change where the clock
   * has not moved past it, so every write gives the row a new `updatedAt`, which the next write
   * checks to know the row is as it read it.
   */
  private stamp(key: ClientKey): string {
    const last = Date.parse(key.updatedAt);
    const now = this.clock.now();
    return new Date(Number.isNaN(last) || now > last ? now : last + 1).toISOString();
  }
}
