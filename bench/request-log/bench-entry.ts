import type { RequestLogEntry } from '#src/storage/request-log.types.js';
import { logEntry } from '#src/storage/request-log.spec-fixtures.js';

/** One answered OpenAI request as the request log keeps it, numbered; `changes` sets what a bench varies. */
export function benchEntry(i: number, changes: Partial<RequestLogEntry> = {}): RequestLogEntry {
  return logEntry({
    requestId: `bench-${i}`,
    instance: 'bench',
    time: Date.now(),
    tokensIn: 1_000,
    tokensOut: 200,
    costUsd: 0.004,
    requestHeaders: { 'content-type': 'application/json', 'user-agent': 'bench' },
    ...changes,
  });
}
