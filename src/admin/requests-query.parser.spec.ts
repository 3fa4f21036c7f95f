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
