import type { RequestFilter, StoredEntry } from './request-log.types.js';

const isOk = (row: StoredEntry) => row.status >= 200 && row.status <= 399 && row.errorKind === null;

function mentions(row: StoredEntry, needle: string): boolean {
  const fields = [
    row.requestId,
    row.instance,
    row.modelAsked,
    row.model,
    row.provider,
    row.errorKind,
    row.error,
    row.requestBody,
    row.responseBody,
  ];
  return fields.some((f) => f !== null && f.toLowerCase().includes(needle));
}

/** The same filter semantics as the SQL store, for rows kept in memory. */
export function matchesFilter(row: StoredEntry, filter: RequestFilter, withCursor: boolean): boolean {
  if (filter.model !== undefined && row.model !== filter.model) return false;
  if (filter.instance !== undefined && row.instance !== filter.instance) return false;
  if (filter.status === 'ok' && !isOk(row)) return false;
  if (filter.status === 'error' && isOk(row)) return false;
  if (typeof filter.status === 'number' && row.status !== filter.status) return false;
  if (filter.keyId !== undefined && row.keyId !== filter.keyId) return false;
  if (filter.since !== undefined && row.time < filter.since) return false;
  if (filter.q !== undefined && filter.q !== '' && !mentions(row, filter.q.toLowerCase())) return false;
  if (filter.window !== undefined && row.id > filter.window.upTo) return false;
  if (filter.window?.from !== undefined && row.id < filter.window.from) return false;
  if (withCursor && filter.before !== undefined && row.id >= filter.before) return false;
  return true;
}
