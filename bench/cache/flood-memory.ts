import { mkdirSync, writeFileSync } from 'node:fs';
import { AnswerCache } from '../../src/cache/answer-cache.js';
import { MemoryAnswerStore } from '../../src/cache/memory-answer.store.js';
import { promptEncoder } from '../../src/cache/prompt-encoder.js';
import { PurgeMarks } from '../../src/cache/purge-marks.js';
import { SemanticIndex } from '../../src/cache/semantic-index.js';
import { DEFAULT_CACHE } from '../../src/config/config-defaults.js';
import type { ChatEvent, ChatRequest } from '../../src/core/chat.types.js';
import { systemClock } from '../../src/core/clock.js';
import { MemorySharedState } from '../../src/state/memory-shared-state.js';

/**
 * A bounded flood of distinct requests through the cache as the gateway builds it (memory store,
 * semantic index on): every answer is stored, none is ever asked again. Reports the store's own
 * byte count against `max_bytes`, the index size against `max_entries`, and the V8 heap growth
 * (after a full collection) every 5,000 requests. Run with `node --expose-gc`.
 * Writes bench/results/cache-memory.{md,json}.
 */
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const REQUESTS = arg('requests', 40_000);
const MAX_BYTES = arg('max-bytes', 16 * 1024 * 1024);
const MAX_ENTRIES = arg('max-entries', 10_000);
const ANSWER_CHARS = arg('answer-chars', 2_000);

const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => {
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

function answer(seq: number): ChatEvent[] {
  const text = `answer ${seq} `.padEnd(ANSWER_CHARS, 'x');
  return [
    { type: 'start', id: `up-${seq}`, model: 'm' },
    { type: 'text_delta', text },
    { type: 'usage', usage: { inputTokens: 20, outputTokens: 500 } },
    { type: 'stop', reason: 'end_turn' },
  ];
}

async function* events(list: ChatEvent[]): AsyncGenerator<ChatEvent> {
  yield* list;
}

async function main(): Promise<void> {
  if (!gc) throw new Error('run with node --expose-gc');
  const config = {
    ...DEFAULT_CACHE,
    mode: 'semantic' as const,
    maxBytes: MAX_BYTES,
    semantic: { ...DEFAULT_CACHE.semantic, maxEntries: MAX_ENTRIES },
  };
  const encoder = promptEncoder('local', { find: () => undefined });
  const store = new MemoryAnswerStore(MAX_BYTES, systemClock);
  const index = new SemanticIndex(MAX_ENTRIES);
  const cache = new AnswerCache({
    config,
    store,
    marks: new PurgeMarks(new MemorySharedState(systemClock), systemClock),
    clock: systemClock,
    semantic: encoder && { encoder, index },
  });
  const baseline = heapMb();
  const rows: Array<{ requests: number; storeMb: number; indexed: number; heapGrowthMb: number }> = [];
  for (let seq = 1; seq <= REQUESTS; seq++) {
    const request: ChatRequest = {
      messages: [
        { role: 'user', content: [{ type: 'text', text: `distinct question number ${seq} about topic ${seq % 97}` }] },
      ],
      stream: false,
    };
    const lookup = await cache.lookup({ request, models: ['m'] });
    const kept = cache.keep(lookup, { events: events(answer(seq)) }, { model: 'm', provider: 'p' });
    for await (const _ of kept.events) void _;
    if (seq % 5_000 === 0) {
      await new Promise((r) => setImmediate(r));
      rows.push({
        requests: seq,
        storeMb: store.bytes() / 2 ** 20,
        indexed: index.size,
        heapGrowthMb: heapMb() - baseline,
      });
    }
  }
  const maxMb = MAX_BYTES / 2 ** 20;
  const lines = [
    '# Response cache: memory under a flood of distinct requests',
    '',
    `${REQUESTS} distinct requests, answers of ${ANSWER_CHARS} characters, max_bytes ${maxMb} MiB, semantic index max ${MAX_ENTRIES} prompts.`,
    'Store MiB is the LRU’s own count (what max_bytes bounds); heap growth is V8 heap used after a full GC, minus before the flood.',
    '',
    '| requests | store MiB | within max_bytes | indexed prompts | heap growth MiB |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.requests} | ${r.storeMb.toFixed(2)} | ${r.storeMb <= maxMb ? 'yes' : 'NO'} | ${r.indexed} | ${r.heapGrowthMb.toFixed(1)} |`,
    ),
  ];
  const text = `${lines.join('\n')}\n`;
  process.stdout.write(text);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/cache-memory.md', text);
  writeFileSync('bench/results/cache-memory.json', `${JSON.stringify({ maxBytes: MAX_BYTES, rows }, null, 1)}\n`);
}

await main();
