import type { Caller, ChatRequest } from '#src/core/chat.types.js';
import type { CacheConfig, CacheMode, CacheScope } from '#src/config/gateway-config.types.js';
import type { InboundBody } from '#src/providers/relay.types.js';
import { asksUncachedOutput } from './uncached-output.js';

/** The settings that apply to one request once routed. */
export interface CacheSettings {
  mode: CacheMode;
  ttlS: number;
  sampled: boolean;
  threshold: number;
}

/** The section's settings with the override of the route's first model (a pool uses its first model). */
export function settingsFor(config: CacheConfig, models: readonly string[]): CacheSettings {
  const base = { mode: config.mode, ttlS: config.ttlS, sampled: config.sampled, threshold: config.semantic.threshold };
  const override = models.length > 0 ? config.models[models[0]] : undefined;
  return { ...base, ...override };
}

/** Whether the request asks for a sampled answer (temperature above 0), meant to vary. */
export const isSampled = (request: ChatRequest): boolean => (request.temperature ?? 0) > 0;

/**
 * Why a request is not for the cache, or undefined when it is: a sampled answer (temperature
 * above 0) is meant to vary; a request leaning on upstream-held state (a Responses conversation
 * the upstream stores), asking for several choices or for output a stored answer cannot hold
 * (see `asksUncachedOutput`) cannot be replayed faithfully; the last three are read from the
 * client's body as it came (`inbound`), as the canonical form does not carry them.
 */
export function ineligible(
  request: ChatRequest,
  inbound: InboundBody | undefined,
  settings: CacheSettings,
): string | undefined {
  if (settings.mode === 'off') return 'off';
  if (isSampled(request) && !settings.sampled) return 'sampled';
  if (request.relayOnly !== undefined) return 'stateful';
  const body = inbound?.body;
  const shape = inbound?.shape;
  if ((shape === 'responses' || shape === 'openai-responses') && body?.store !== false) return 'stateful';
  if (typeof body?.n === 'number' && body.n > 1) return 'choices';
  if (asksUncachedOutput(inbound)) return 'output';
  return undefined;
}

/** The partition a request's answers live in; a request without a caller shares the anonymous one. */
export function scopeOf(caller: Caller | undefined, scope: CacheScope): string {
  if (scope === 'shared') return 'shared';
  if (caller === undefined) return 'anonymous';
  return scope === 'team' && caller.team !== undefined ? `team:${caller.team}` : `key:${caller.keyId}`;
}
