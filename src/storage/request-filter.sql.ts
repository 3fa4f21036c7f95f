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

/** Which bounds on the id a WHERE clause carries besides the filter's terms and its window's oldest row. */
export interface IdBounds {
  /** The page's cursor (`before`); left out when counting the total. */
  cursor?: boolean;
  /**
   * The window's newest row. Left out of counts without `q`: a bound on the id alone can make SQLite
   * count by walking the table where an index would serve, so those subtract the rows logged since.
   */
  upTo?: boolean;
  /** Only the rows above this id. */
  newerThan?: number;
}

/** The WHERE clause of a filter from its window's oldest row, with the id bounds asked for. */
export function whereOf(filter: RequestFilter, bounds: IdBounds = {}): SqlWhere {
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
  if (bounds.newerThan !== undefined) {
    terms.push('id > @newerThan');
    params.newerThan = bounds.newerThan;
  }
  if (filter.window?.from !== undefined) {
    terms.push('id >= @from');
    params.from = filter.window.from;
  }
  if (bounds.upTo && filter.window !== undefined) {
    terms.push('id <= @upTo');
    params.upTo = filter.window.upTo;
  }
  if (bounds.cursor && filter.before !== undefined) {
    terms.push('id < @before');
    params.before = filter.before;
  }
  return { clause: terms.length === 0 ? '' : `WHERE ${terms.join(' AND ')}`, params };
}
