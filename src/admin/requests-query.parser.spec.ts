import { GatewayError } from '#src/core/gateway-error.js';
import { encodeCursor } from './request-cursor.js';
import { parseRequestFilter } from './requests-query.parser.js';

/** The parameter a refusal names. */
function refusedParam(query: Record<string, string>): string | undefined {
  try {
    parseRequestFilter(query);
  } catch (err) {
    if (err instanceof GatewayError) return err.param;
    throw err;
  }
  throw new Error('accepted');
}

describe('the request-list query', () => {
  it('reads a cursor back into the page and the window it was made from', () => {
    const bounded = { before: 41, window: { upTo: 90, from: 12 } };
    const open = { before: 7, window: { upTo: 7 } };
    expect(parseRequestFilter({ cursor: encodeCursor(bounded) })).toMatchObject(bounded);
    expect(parseRequestFilter({ cursor: encodeCursor(open) }).window).toEqual({ upTo: 7 });
  });

  it('keeps a bare before, which reads in no fixed window', () => {
    const filter = parseRequestFilter({ before: '41' });
    expect([filter.before, filter.window]).toEqual([41, undefined]);
  });

  it.each([
    ['text', { cursor: 'page-2' }],
    ['a page ending above its window', { cursor: '91.90' }],
    ['a page ending below its window', { cursor: '11.90.12' }],
    ['a cursor beside before', { cursor: '41.90', before: '41' }],
  ])('refuses %s, naming the cursor', (_what, query) => {
    expect(refusedParam(query)).toBe('cursor');
  });
});

describe('the since parameter', () => {
  it.each([
    ['a UTC time', '2026-03-01T10:00:00Z', Date.UTC(2026, 2, 1, 10)],
    ['a time with an offset', '2026-03-01T12:00:00.000+02:00', Date.UTC(2026, 2, 1, 10)],
    ['an offset without its colon', '2026-03-01T15:30:00+0530', Date.UTC(2026, 2, 1, 10)],
    ['a lower-case t and z', '2026-03-01t10:00:00.5z', Date.UTC(2026, 2, 1, 10, 0, 0, 500)],
    ['nanoseconds, to the millisecond', '2026-03-01T10:00:00.123456789Z', Date.UTC(2026, 2, 1, 10, 0, 0, 123)],
    ['hours and minutes alone', '2026-03-01T10:00Z', Date.UTC(2026, 2, 1, 10)],
    ['a bare date (its UTC midnight)', '2026-03-01', Date.UTC(2026, 2, 1)],
    ['epoch milliseconds', '1772359200000', 1772359200000],
  ])('reads %s as that instant', (_what, since, ms) => {
    expect(parseRequestFilter({ since }).since).toBe(ms);
  });

  it.each([
    ['a time without its zone', '2026-03-01T10:00:00'],
    ['a time with a space and no zone', '2026-03-01 10:00'],
    ['a day its month lacks', '2026-02-30T10:00:00Z'],
    ['a bare date its month lacks', '2026-04-31'],
    ['a thirteenth month', '2026-13-01'],
    ['an offset of 25 hours', '2026-03-01T10:00:00+2500'],
    ['a date in words', 'March 1, 2026'],
    ['text', 'yesterday'],
  ])('refuses %s, naming since', (_what, since) => {
    expect(refusedParam({ since })).toBe('since');
  });
});
