import { DEFAULT_AFFINITY, SESSION_HEADERS } from './config-defaults.js';
import type { AffinityConfig } from './gateway-config.types.js';
import { mapping, number, oneOf, optional, text } from './schema-fields.js';

export const affinitySchema = optional(
  mapping({
    mode: oneOf(['session', 'off']).describe('session (default): keep a session on its first model and deployment'),
    ttl_ms: number({ integer: true, min: 1000 }).describe('how long an idle session stays pinned (default 3600000)'),
    header: text({ trim: true }).describe('one more request header that carries a session id'),
    body_field: text({ trim: true }).describe('a body field that carries a session id, dotted (metadata.session_id)'),
  }),
).describe('session affinity: later turns of a session go where its first turn went');

type AffinityInput = { mode?: string; ttl_ms?: number; header?: string; body_field?: string } | undefined;

export function toAffinity(a: AffinityInput): AffinityConfig {
  const headers = [...SESSION_HEADERS, ...(a?.header ? [a.header.toLowerCase()] : [])];
  return {
    enabled: a?.mode !== 'off',
    ttlMs: a?.ttl_ms ?? DEFAULT_AFFINITY.ttlMs,
    headers: [...new Set(headers)],
    ...(a?.body_field ? { bodyField: a.body_field.split('.') } : {}),
  };
}
