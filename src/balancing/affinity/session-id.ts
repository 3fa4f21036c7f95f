import type { IncomingHttpHeaders } from 'node:http';
import type { AffinityConfig } from '#src/config/gateway-config.types.js';

/** Longer ids are cut: they only need to tell sessions apart. */
const MAX_ID_CHARS = 200;

/**
 * The session a request belongs to: the first configured header that carries one, else the
 * configured body field. Values are taken as text, trimmed and capped; an empty one is no session.
 */
export function sessionIdOf(
  config: AffinityConfig,
  headers: IncomingHttpHeaders | undefined,
  body: Record<string, unknown> | undefined,
): string | undefined {
  for (const name of config.headers) {
    const id = clean(headers?.[name]);
    if (id) return id;
  }
  return config.bodyField ? clean(fieldAt(body, config.bodyField)) : undefined;
}

function fieldAt(body: Record<string, unknown> | undefined, path: readonly string[]): unknown {
  let at: unknown = body;
  for (const key of path) {
    if (typeof at !== 'object' || at === null || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function clean(value: unknown): string | undefined {
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  if (typeof first !== 'string' && typeof first !== 'number') return undefined;
  const id = String(first).trim().slice(0, MAX_ID_CHARS);
  return id === '' ? undefined : id;
}
