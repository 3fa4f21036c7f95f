import { GatewayError } from '#src/core/gateway-error.js';
import type { RequestFilter } from '#src/storage/request-log.types.js';
import { intParam, type QueryBag, textParam } from './query-params.js';
import { decodeCursor } from './request-cursor.js';

export interface PageLimits {
  max: number;
  fallback: number;
}

/** The list's page size; an export may ask for more at once. */
export const LIST_PAGE: PageLimits = { max: 500, fallback: 100 };
const MAX_SEARCH_CHARS = 200;

function statusParam(query: QueryBag): RequestFilter['status'] {
  const text = textParam(query, 'status')?.toLowerCase();
  if (text === undefined) return undefined;
  if (text === 'ok' || text === 'error') return text;
  const n = /^\d{3}$/.test(text) ? Number(text) : NaN;
  if (n >= 100 && n <= 599) return n;
  throw GatewayError.invalid('status', "'status' must be an HTTP status (e.g. 200), 'ok' or 'error'");
}

/**
 * An ISO date or date-time: with a time it must carry its zone (`Z` or `±hh:mm`, `±hhmm` too), so
 * the server's own zone never decides; a bare date is a UTC day, as ISO has it.
 */
const ISO_SINCE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2}))?$/i;

/** An ISO time with its zone, or epoch milliseconds. */
function sinceParam(query: QueryBag): number | undefined {
  const text = textParam(query, 'since');
  if (text === undefined) return undefined;
  const ms = /^\d+$/.test(text) ? Number(text) : isoInstant(text);
  if (!Number.isFinite(ms)) {
    throw GatewayError.invalid('since', "'since' must be an ISO time with its zone (e.g. …Z) or epoch milliseconds");
  }
  return ms;
}

/**
 * The instant of an ISO date or date-time, NaN when it is none (a day its month lacks included).
 * Rewritten first in ECMAScript's own date-time format (upper-case `T` and `Z`, `±hh:mm`, three
 * digits of fraction), the one format every runtime's `Date.parse` must read alike.
 */
function isoInstant(text: string): number {
  const m = ISO_SINCE.exec(text);
  if (m === null) return NaN;
  const [, year, month, day, hhmm, ss = '00', fraction = '', zone] = m;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return NaN;
  if (hhmm === undefined) return Date.parse(`${year}-${month}-${day}`);
  const ms = fraction.padEnd(3, '0').slice(0, 3);
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  return Date.parse(`${year}-${month}-${day}T${hhmm}:${ss}.${ms}${offset}`);
}

function searchParam(query: QueryBag): string | undefined {
  const text = textParam(query, 'q');
  if (text !== undefined && text.length > MAX_SEARCH_CHARS) {
    throw GatewayError.invalid('q', `'q' must be at most ${MAX_SEARCH_CHARS} characters`);
  }
  return text;
}

/** The page to read: `cursor` (the `next` of an earlier page), or the bare row id `before`. */
function pageParams(query: QueryBag): Pick<RequestFilter, 'before' | 'window'> {
  const cursor = textParam(query, 'cursor');
  const before = textParam(query, 'before');
  if (cursor === undefined) {
    if (before === undefined) return {};
    return { before: intParam(query, 'before', { min: 1, max: Number.MAX_SAFE_INTEGER, fallback: 0 }) };
  }
  if (before !== undefined) throw GatewayError.invalid('cursor', "Give 'cursor' or 'before', not both");
  const page = decodeCursor(cursor);
  if (page === undefined) throw GatewayError.invalid('cursor', "'cursor' must be the 'next' of an earlier page");
  return page;
}

/** The request-list filter from the query string; every bad value is a 400 naming its parameter. */
export function parseRequestFilter(query: QueryBag, page: PageLimits = LIST_PAGE): RequestFilter {
  return {
    model: textParam(query, 'model'),
    instance: textParam(query, 'instance'),
    keyId: textParam(query, 'key'),
    status: statusParam(query),
    since: sinceParam(query),
    q: searchParam(query),
    ...pageParams(query),
    limit: intParam(query, 'limit', { min: 1, ...page }),
  };
}
