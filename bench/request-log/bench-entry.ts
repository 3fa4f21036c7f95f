import type { RequestLogEntry } from '#src/storage/request-log.types.js';

/** One answered OpenAI request as the request log keeps it; `changes` sets what a bench varies. */
export function benchEntry(i: number, changes: Partial<RequestLogEntry> = {}): RequestLogEntry {
  return {
    requestId: `bench-${i}`,
    instance: 'bench',
    time: Date.now(),
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
    tokensIn: 1_000,
    tokensOut: 200,
    costUsd: 0.004,
    errorKind: null,
    error: null,
    keyId: null,
    keyName: null,
    route: { reason: 'explicit' },
    attemptsDetail: [{ model: 'gpt-4o', provider: 'openai', outcome: 'ok', ms: 120 }],
    requestHeaders: { 'content-type': 'application/json', 'user-agent': 'bench' },
    requestBody: null,
    responseBody: null,
    ...changes,
  };
}
