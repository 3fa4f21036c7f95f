import type { DialectKind } from '#src/core/chat.types.js';
import type { LimitReadings } from './rate-limit.types.js';
import { goDuration, writeMinuteHeaders, writeRateLimitHeaders } from './rate-limit.headers.js';

/** The headers an answer would get, collected by name. */
function rateLimitHeaders(dialect: DialectKind, readings: LimitReadings, nowMs: number): Record<string, string> {
  const headers: Record<string, string> = {};
  writeRateLimitHeaders({ header: (name, value) => (headers[name] = value) }, dialect, readings, nowMs);
  return headers;
}

const readings = {
  requests: { limit: 10, remaining: 3, resetMs: 61_500 },
  tokens: { limit: 5000, remaining: 0, resetMs: 800 },
};

describe('writeRateLimitHeaders', () => {
  it("writes OpenAI's x-ratelimit headers with Go-duration resets", () => {
    expect(rateLimitHeaders('openai', readings, 0)).toEqual({
      'x-ratelimit-limit-requests': '10',
      'x-ratelimit-remaining-requests': '3',
      'x-ratelimit-reset-requests': '1m2s',
      'x-ratelimit-limit-tokens': '5000',
      'x-ratelimit-remaining-tokens': '0',
      'x-ratelimit-reset-tokens': '800ms',
    });
  });

  it("writes Anthropic's headers with RFC 3339 reset times", () => {
    const headers = rateLimitHeaders('anthropic', readings, Date.UTC(2025, 0, 1));
    expect(headers['anthropic-ratelimit-requests-limit']).toBe('10');
    expect(headers['anthropic-ratelimit-requests-remaining']).toBe('3');
    expect(headers['anthropic-ratelimit-requests-reset']).toBe('2025-01-01T00:01:01Z');
    expect(headers['anthropic-ratelimit-tokens-remaining']).toBe('0');
  });

  it.each(['openai', 'anthropic'] as const)(
    'writes the same %s headers for an admitted request from its counts and the minute parts',
    (dialect) => {
      const now = Date.UTC(2025, 0, 1, 12, 0, 10);
      const minute = {
        requests: { limit: 10, remaining: 3, resetMs: 50_000 },
        tokens: { limit: 5000, remaining: 0, resetMs: 50_000 },
      };
      const fromCounts: Record<string, string> = {};
      const sink = { header: (name: string, value: string) => (fromCounts[name] = value) };
      const parts = { requestsLimit: '10', tokensLimit: '5000' };
      writeMinuteHeaders(sink, dialect, parts, { requestsLeft: 3, tokensLeft: 0 }, 50_000, now);
      expect(fromCounts).toEqual(rateLimitHeaders(dialect, minute, now));
      expect(Object.keys(fromCounts)).toHaveLength(6);
    },
  );

  it('writes nothing for a key without limits', () => {
    expect(rateLimitHeaders('openai', {}, 0)).toEqual({});
  });

  it('formats durations as OpenAI does', () => {
    expect([goDuration(12), goDuration(17_000), goDuration(360_000)]).toEqual(['12ms', '17s', '6m0s']);
  });

  it('writes limits far out of reach in full', () => {
    const huge = { tokens: { limit: 1e12, remaining: 1e12 - 28, resetMs: 800 } };
    expect(rateLimitHeaders('openai', huge, 0)).toMatchObject({
      'x-ratelimit-limit-tokens': '1000000000000',
      'x-ratelimit-remaining-tokens': '999999999972',
    });
  });
});
