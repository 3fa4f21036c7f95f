import type { z } from 'zod';
import { MAX_TIMER_MS } from '#src/core/timer-limit.js';
import type { MockBehaviour } from './gateway-config.types.js';
import { number, oneOf, text } from './schema-fields.js';

const FAILURES = ['upstream_5xx', 'rate_limited', 'overloaded', 'timeout'] as const;

/** Held to what a timer takes: a longer delay would fire after 1 ms instead. */
const DELAY = { min: 0, max: MAX_TIMER_MS };

/** The scripted behaviour of a `type: mock` provider, written in the provider's own mapping. */
export const MOCK_FIELDS = {
  latency_ms: number(DELAY).describe('mock only: delay before the first byte, ms'),
  chunk_delay_ms: number(DELAY).describe('mock only: delay between streamed chunks, ms'),
  words_per_chunk: number({ integer: true, min: 1 }).describe('mock only: words per streamed text chunk'),
  reply: text().describe('mock only: fixed reply text'),
  fail_every: number({ integer: true, min: 0 }).describe('mock only: fail every Nth call (1 = always, 0 = never)'),
  fail_with: oneOf(FAILURES).describe('mock only: the error kind of a scripted failure'),
};

export const MOCK_KEYS = Object.keys(MOCK_FIELDS);

export type MockInput = { [K in keyof typeof MOCK_FIELDS]?: z.output<(typeof MOCK_FIELDS)[K]> };

export function toMockBehaviour(p: MockInput): MockBehaviour {
  return {
    latencyMs: p.latency_ms ?? 0,
    chunkDelayMs: p.chunk_delay_ms ?? 0,
    wordsPerChunk: p.words_per_chunk ?? 1,
    reply: p.reply,
    failEvery: p.fail_every ?? 0,
    failWith: p.fail_with ?? 'upstream_5xx',
  };
}
