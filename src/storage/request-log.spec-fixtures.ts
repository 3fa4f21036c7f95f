import type { RequestLogEntry } from './request-log.types.js';

/** A finished, successful exchange; `over` changes what a test cares about. */
export function logEntry(over: Partial<RequestLogEntry> = {}): RequestLogEntry {
  return {
    requestId: 'req-1',
    instance: 'gw-a',
    time: Date.UTC(2026, 0, 1, 12),
    dialect: 'openai',
    stream: false,
    modelAsked: 'gpt-4o',
    routeReason: 'explicit',
    model: 'gpt-4o',
    provider: 'openai',
    attempts: 1,
    status: 200,
    latencyMs: 120,
    ttfbMs: 80,
    tokensIn: 10,
    tokensOut: 20,
    costUsd: 0.0001,
    errorKind: null,
    error: null,
    keyId: null,
    keyName: null,
    route: { reason: 'explicit' },
    attemptsDetail: [{ model: 'gpt-4o', provider: 'openai', outcome: 'ok', ms: 120 }],
    requestHeaders: { 'content-type': 'application/json' },
    requestBody: null,
    responseBody: null,
    ...over,
  };
}
