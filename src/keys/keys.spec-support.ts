import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '#src/core/clock.js';
import { isGatewayError } from '#src/core/gateway-error.js';
import type { PriceBook } from '#src/observability/cost.js';
import { guardedCounters } from '#src/state/guarded-parts.js';
import { MemorySharedState } from '#src/state/memory-shared-state.js';
import type { PlaceRenewals } from '#src/state/redis-places.js';
import type { SharedCounters, SharedState } from '#src/state/shared-state.types.js';
import { StoreGuard } from '#src/state/store-guard.js';
import type { KeyHolder } from './client-key-auth.js';
import type { ClientKey, SpendRow } from './client-key.types.js';
import { KeyAdmission } from './key-admission.js';
import { KeyBudgets, type BudgetHold } from './key-budgets.js';
import { KeyLimiter, type LimitGrant } from './key-limiter.js';
import { KeyStore } from './key.store.js';
import { openKeysDatabase, type OpenedKeysDatabase } from './keys-database.js';
import { KeyLimitError } from './rate-limit.types.js';
import { SpendLedger } from './spend-ledger.js';

/** The store on a keys database just opened. */
export const storeOn = (opened: OpenedKeysDatabase) => new KeyStore(opened.sql, opened.ready);

/**
 * A key store on a SQLite file of its own in the temporary folder `dir` (where another connection
 * may open it too); `remove()` closes it and deletes the folder.
 */
export async function temporaryKeyStore(
  prefix: string,
): Promise<{ store: KeyStore; dir: string; remove(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = storeOn(await openKeysDatabase({ dataDir: dir }));
  return {
    store,
    dir,
    remove: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A live key with no limits, created at the start of 2025; `overrides` change what a spec is about. */
export function aClientKey(overrides: Partial<ClientKey> = {}): ClientKey {
  const at = '2025-01-01T00:00:00.000Z';
  return {
    id: 'k',
    name: 'k',
    prefix: 'sk-sy-abcd',
    allowedModels: [],
    limits: {},
    metadata: {},
    mayRoute: true,
    disabled: false,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

/** A holder of `key` as the proxy's key check finds it, allowed every model. */
export function aHolder(key: ClientKey): KeyHolder {
  return { key, caller: { keyId: key.id, keyName: key.name }, allows: () => true };
}

/** One request's spend of `keyId` on model `m` on `day`, in the shape the ledger writes it. */
export function aSpendRow(keyId: string, day: string, usd: number): SpendRow {
  return {
    keyId,
    model: 'm',
    day,
    requests: 1,
    tokensIn: 1,
    tokensOut: 1,
    tokensCached: 0,
    tokensReasoning: 0,
    usd,
    unpricedRequests: 0,
  };
}

/** Whether the budget refused the reservation; any other failure fails the spec. */
export async function refusedByBudget(promise: Promise<unknown>): Promise<boolean> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (err === undefined) return false;
  if (isGatewayError(err) && err.kind === 'quota_exceeded') return true;
  throw err;
}

/** For a remote store whose places nothing renews (a spec that runs no renewals). */
const NO_RENEWALS: PlaceRenewals = { stopRenewing: () => undefined };

/**
 * Shared state as one gateway instance on Redis has it for budgets: `counters` reached through a
 * store guard with `deadlineMs`, standing in with process memory when they do not answer.
 */
export function guardedState(
  clock: Clock,
  deadlineMs: number,
  remote: SharedCounters,
  renewals: PlaceRenewals = NO_RENEWALS,
): SharedState {
  const guard = new StoreGuard({
    deadlineMs,
    warnIntervalMs: 30_000,
    clock,
    connected: () => true,
    warn: () => undefined,
    info: () => undefined,
  });
  const local = new MemorySharedState(clock);
  return {
    kind: 'redis',
    counters: guardedCounters(guard, remote, local.counters, renewals),
    kv: local.kv,
    bus: local.bus,
    maps: local.maps,
    health: () => 'up',
  };
}

/**
 * A key admission on in-process counters (`state`'s) and a key store in a temporary folder, read at
 * `clock`; `remove()` closes its spend ledger and store and deletes the folder.
 */
export async function temporaryAdmission(
  prefix: string,
  clock: Clock,
  prices: PriceBook,
  state: SharedState = new MemorySharedState(clock),
) {
  const { store, remove } = await temporaryKeyStore(prefix);
  const ledger = new SpendLedger(store, prices, () => undefined);
  const admission = new KeyAdmission({
    limiter: new KeyLimiter(state.counters, clock),
    budgets: new KeyBudgets(state, store, clock, () => undefined),
    ledger,
    prices,
    clock,
    warn: () => undefined,
  });
  return {
    admission,
    remove: async () => {
      await ledger.close();
      await remove();
    },
  };
}

/** Whether the request is refused for concurrency; any other failure fails the spec. */
export async function refusedForConcurrency(admission: Promise<unknown>): Promise<boolean> {
  const err = await admission.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (err === undefined) return false;
  if (err instanceof KeyLimitError && err.message.includes('Too many requests in flight')) return true;
  throw err;
}

/** Answers `work`'s result as a promise, a throw as a rejection, as an async function would. */
function promised<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (err) {
    return Promise.reject(err as Error);
  }
}

/** `limiter.take`, answered as a promise whatever the counters: a refusal rejects. */
export const taking =
  (limiter: KeyLimiter) =>
  (key: ClientKey, estimatedTokens: number): Promise<LimitGrant> =>
    promised(() => limiter.take(key, estimatedTokens));

/** `budgets.hold`, answered as a promise whatever the counters: a spent budget rejects. */
export const holding =
  (budgets: KeyBudgets) =>
  (key: ClientKey, estimateUsd: number): Promise<BudgetHold> =>
    promised(() => budgets.hold(key, estimateUsd));
