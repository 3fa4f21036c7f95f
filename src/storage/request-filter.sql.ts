import type { RequestFilter } from './request-log.types.js';

export interface SqlWhere {
  /** `WHERE …` or '' when nothing narrows; values only ever travel as named parameters. */
  clause: string;
  params: Record<string, string | number>;
}

/** Columns `q` looks in, in every store. */
export const SEARCHED_COLUMNS = [
  'request_id',
  'instance',
  'model_asked',
  'model',
  'provider',
  'error_kind',
  'error',
  'request_body',
  'response_body',
] as const;

const OK = '(status BETWEEN 200 AND 399 AND error_kind IS NULL)';

/** `%`, `_` and the escape character itself are matched literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The WHERE clause of a filter; the cursor is left out when counting the total. `fromId`, when
 * given, keeps rows from that id up (the rows a text search may read).
 */
export function whereOf(filter: RequestFilter, withCursor: boolean, fromId?: number): SqlWhere {
  const terms: string[] = [];
  const params: Record<string, string | number> = {};
  if (filter.model !== undefined) {
    terms.push('model = @model');
    params.model = filter.model;
  }
  if (filter.instance !== undefined) {
    terms.push('instance = @instance');
    params.instance = filter.instance;
  }
  if (filter.status === 'ok') terms.push(OK);
  else if (filter.status === 'error') terms.push(`NOT ${OK}`);
  else if (filter.status !== undefined) {
    terms.push('status = @status');
    params.status = filter.status;
  }
  if (filter.keyId !== undefined) {
    terms.push('key_id = @keyId');
    params.keyId = filter.keyId;
  }
  if (filter.since !== undefined) {
    terms.push('time >= @since');
    params.since = filter.since;
  }
  if (filter.q !== undefined && filter.q !== '') {
    terms.push(`(${SEARCHED_COLUMNS.map((c) => `${c} LIKE @q ESCAPE '\\'`).join(' OR ')})`);
    params.q = likePattern(filter.q);
  }
  if (fromId !== undefined) {
    terms.push('id >= @fromId');
    params.fromId = fromId;
  }
  if (withCursor && filter.before !== undefined) {
    terms.push('id < @before');
    params.before = filter.before;
  }
  return { clause: terms.length === 0 ? '' : `WHERE ${terms.join(' AND ')}`, params };
}
