import type { MockBehaviour } from './gateway-config.types.js';
import type { MappingReader } from './mapping.reader.js';

export const MOCK_KEYS = ['latency_ms', 'chunk_delay_ms', 'words_per_chunk', 'reply', 'fail_every', 'fail_with'];

const FAILURES: ReadonlyArray<MockBehaviour['failWith']> = ['upstream_5xx', 'rate_limited', 'overloaded', 'timeout'];

/** The scripted behaviour of a `type: mock` provider, read from its own mapping. */
export function readMockBehaviour(r: MappingReader): MockBehaviour {
  return {
    latencyMs: r.number('latency_ms', { min: 0 }) ?? 0,
    chunkDelayMs: r.number('chunk_delay_ms', { min: 0 }) ?? 0,
    wordsPerChunk: r.number('words_per_chunk', { integer: true, min: 1 }) ?? 1,
    reply: r.string('reply'),
    failEvery: r.number('fail_every', { integer: true, min: 0 }) ?? 0,
    failWith: r.oneOf('fail_with', FAILURES) ?? 'upstream_5xx',
  };
}
