import { GatewayError } from '#src/core/gateway-error.js';
import type { ExchangeRecord } from '#src/core/exchange-record.js';
import { PriceBook } from './cost.js';
import { toLogEntry } from './log-entry.mapper.js';
import { CapturedText, MAX_CAPTURED_CHARS } from './answer-capture.js';
import { redactor } from '#src/core/redact.js';

const prices = new PriceBook({
  models: [
    {
      name: 'priced',
      deployments: [],
      weight: 1,
      capabilities: [],
      fallbacks: [],
      price: { inputPerMtok: 3, outputPerMtok: 15 },
    },
  ],
});

function record(over: Partial<ExchangeRecord> = {}): ExchangeRecord {
  return {
    requestId: 'req-1',
    dialect: 'anthropic',
    stream: true,
    modelAsked: 'priced',
    model: 'priced',
    provider: 'claude',
    route: { reason: 'explicit' },
    attempts: [{ model: 'priced', provider: 'claude', outcome: 'ok', ms: 40 }],
    status: 200,
    startedAt: 0,
    receivedAt: Date.UTC(2026, 0, 1),
    firstByteMs: 30,
    latencyMs: 50,
    usage: { inputTokens: 1_000, outputTokens: 2_000 },
    requestHeaders: { 'x-api-key': 'client-secret-key', 'anthropic-version': '2023-06-01', cookie: 'a=b' },
    ...over,
  };
}

describe('a finished exchange as a request-log row', () => {
  it('prices the tokens at the model’s per-million price, and leaves unpriced models without a cost', () => {
    expect(toLogEntry(record(), prices, 0, 'gw-a').costUsd).toBeCloseTo(0.003 + 0.03);
    expect(toLogEntry(record({ model: 'free' }), prices, 0, 'gw-a').costUsd).toBeNull();
  });

  it('redacts a key sent as the model name, and keeps ordinary model names', () => {
    const asked = (modelAsked: string) => toLogEntry(record({ modelAsked }), prices, 0, 'gw-a').modelAsked;
    expect(asked('sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789')).toBe('[REDACTED]');
    expect(asked('sk-proj-abcdefghijklmnop')).toBe('[REDACTED]');
    expect(asked('gpt-4o')).toBe('gpt-4o');
  });

  it('keeps the headers with credentials redacted', () => {
    expect(toLogEntry(record(), prices, 0, 'gw-a').requestHeaders).toEqual({
      'x-api-key': '[REDACTED]',
      'anthropic-version': '2023-06-01',
      cookie: '[REDACTED]',
    });
  });

  it('has no bodies unless they were captured, and redacts them when they were', () => {
    expect(toLogEntry(record(), prices, 0, 'gw-a')).toMatchObject({ requestBody: null, responseBody: null });
    const entry = toLogEntry(
      record({ requestBody: { messages: [{ content: 'key sk-abcdefghijklmnop' }] }, answerText: 'ok' }),
      prices,
      0,
      'gw-a',
    );
    expect(entry.requestBody).toContain('key [REDACTED]');
    expect(entry.requestBody).not.toContain('sk-abcdefghijklmnop');
    expect(entry.responseBody).toBe('ok');
  });

  it('redacts a long body before cutting it, so a key straddling the cut loses all of its characters', () => {
    const key = 'upstream-key-0123456789abcdefghij';
    redactor.register(key);
    // The key starts 10 characters before the cut, in the request's indented JSON and in the answer.
    const prefix = JSON.stringify({ p: '' }, null, 2).indexOf('""') + 1;
    const prompt = `${'x'.repeat(MAX_CAPTURED_CHARS - 10 - prefix)}${key} and more`;
    const answer = new CapturedText();
    answer.append('y'.repeat(MAX_CAPTURED_CHARS - 10));
    answer.append(`${key} and more`);
    const entry = toLogEntry(record({ requestBody: { p: prompt }, answerText: answer.text() }), prices, 0, 'gw-a');
    for (const body of [entry.requestBody ?? '', entry.responseBody ?? '']) {
      expect(body).not.toContain(key.slice(0, 10));
      expect(body).toMatch(/… \[cut at \d+ characters\]$/);
    }
  });

  it('records a failure by class and client-safe message, with the numbers a table shows', () => {
    const entry = toLogEntry(
      record({ status: 429, errorKind: 'rate_limited', error: new GatewayError('rate_limited', 'Slow down') }),
      prices,
      0,
      'gw-a',
    );
    expect(entry).toMatchObject({
      instance: 'gw-a',
      status: 429,
      errorKind: 'rate_limited',
      error: 'Slow down',
      attempts: 1,
      routeReason: 'explicit',
      ttfbMs: 30,
      latencyMs: 50,
      tokensIn: 1_000,
      tokensOut: 2_000,
      time: Date.UTC(2026, 0, 1),
    });
  });
});
