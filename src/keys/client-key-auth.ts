import type { IncomingHttpHeaders } from 'node:http';
import { LRUCache } from 'lru-cache';
import type { Caller } from '#src/core/chat.types.js';
import type { Clock } from '#src/core/clock.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { AuthModeState } from './auth-mode.js';
import type { ClientKey } from './client-key.types.js';
import type { KeyDirectory } from './key-directory.js';
import { looksLikeSecret } from './key-secret.js';
import { modelAllowlist, type ModelFilter } from './model-allowlist.js';
import { commonBearer, presentedKey } from './presented-key.js';

/** A request's checked key: who calls (for caches, spend, the log) and what it may use. */
export interface KeyHolder {
  key: ClientKey;
  caller: Caller;
  allows: ModelFilter;
}

const refused = (message: string) => new GatewayError('unauthorized', message);

/** Says what is wrong with a key that was found, or nothing when it may be used now. */
export function keyProblem(key: ClientKey, nowMs: number): string | undefined {
  if (key.revokedAt !== undefined) return 'This client key has been revoked.';
  if (key.disabled) return 'This client key is disabled.';
  if (key.expiresAt !== undefined && Date.parse(key.expiresAt) <= nowMs) {
    return `This client key expired at ${key.expiresAt}.`;
  }
  return undefined;
}

/** Whether `keyProblem` could find anything: most keys are neither revoked, disabled nor ever expiring. */
const mayBeRefused = (key: ClientKey) => key.revokedAt !== undefined || key.disabled || key.expiresAt !== undefined;

/** Checks the client key a request presents, while client keys are on. */
export class ClientKeyAuth {
  /** Compiled allowlists, by key and version; made on first use, as its room is reserved up front. */
  private filters?: LRUCache<string, ModelFilter>;
  /** One holder per key record read from the store: a fresh read (a change) makes a new one. */
  private readonly holders = new WeakMap<ClientKey, KeyHolder>();

  constructor(
    private readonly mode: AuthModeState,
    private readonly directory: KeyDirectory,
    private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return this.mode.mode === 'keys';
  }

  /**
   * The key holder, or undefined while keys are off; throws 401 for a missing or unusable key.
   * Answers without a promise when the key's lookup is cached (nearly every request), so the
   * request hook can go on at once. One clock reading serves the lookup's freshness and the expiry.
   */
  authenticate(headers: IncomingHttpHeaders): KeyHolder | undefined | Promise<KeyHolder | undefined> {
    if (!this.enabled) return undefined;
    const now = this.clock.now();
    // Looked up unchecked among the secrets proven lately: one found there is a key's own (no space
    // or control character), which `presentedKey` would read from the same header and prefer over
    // any `x-api-key`; any other token goes the whole way.
    const bearer = commonBearer(headers.authorization);
    if (bearer !== undefined) {
      const known = this.directory.verifiedKey(bearer, now);
      if (known !== undefined) return this.holderOf(known, now);
    }
    const secret = presentedKey(headers, looksLikeSecret);
    if (secret === undefined) {
      throw refused('Missing client key: send it as `Authorization: Bearer sk-sy-…` or `x-api-key: sk-sy-…`.');
    }
    const found = this.directory.find(secret, now);
    return found instanceof Promise ? found.then((key) => this.holderOf(key, now)) : this.holderOf(found, now);
  }

  private holderOf(key: ClientKey | undefined, now: number): KeyHolder {
    if (key === undefined) throw refused('Invalid client key. Keys are issued by the operator of this gateway.');
    if (mayBeRefused(key)) {
      const problem = keyProblem(key, now);
      if (problem !== undefined) throw refused(problem);
    }
    let holder = this.holders.get(key);
    if (holder === undefined) {
      holder = { key, caller: callerOf(key), allows: this.filterOf(key) };
      this.holders.set(key, holder);
    }
    return holder;
  }

  private filterOf(key: ClientKey): ModelFilter {
    const id = `${key.id}@${key.updatedAt}`;
    this.filters ??= new LRUCache<string, ModelFilter>({ max: 10_000 });
    let filter = this.filters.get(id);
    if (filter === undefined) {
      filter = modelAllowlist(key.allowedModels);
      this.filters.set(id, filter);
    }
    return filter;
  }
}

function callerOf(key: ClientKey): Caller {
  return key.team === undefined
    ? { keyId: key.id, keyName: key.name }
    : { keyId: key.id, keyName: key.name, team: key.team };
}
