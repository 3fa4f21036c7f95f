import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { RequestFilter } from '#src/storage/request-log.types.js';
import { SqliteRequestLogStore } from '#src/storage/sqlite-request-log.store.js';
import { benchEntry } from './bench-entry.js';

/**
 * How long the SQLite request log holds the event loop (which the proxy shares) for an admin's text
 * search and for retention, on a log kept with bodies (`LOG_BODIES=true`).
 * Usage: npm run bench:request-log-search [-- <rows>]
 */
const rows = Number(process.argv[2] ?? 100_000);
const REPEATS = 5;
/** Rows written while a page stays open, before its "Load more". */
const LOGGED_SINCE = 10_000;
const WORDS = 'the quick brown fox jumps over a lazy dog while models answer prompts about code and text'.split(' ');

/** Ordinary prose of about `length` characters, different for each seed. */
function prose(length: number, seed: number): string {
  const words: string[] = [];
  for (let i = seed, size = 0; size < length; i = (i * 7 + 3) % 9_973) {
    const word = WORDS[i % WORDS.length];
    words.push(word);
    size += word.length + 1;
  }
  return words.join(' ');
}

/** A logged request with a prompt and an answer of ordinary prose, as `LOG_BODIES=true` keeps them. */
function entry(i: number, time: number) {
  return benchEntry(i, {
    time,
    attemptsDetail: [],
    requestHeaders: { 'content-type': 'application/json' },
    requestBody: JSON.stringify({ messages: [{ role: 'user', content: prose(3_000, i) }] }),
    responseBody: JSON.stringify({ choices: [{ message: { content: prose(1_500, i + 1) } }] }),
  });
}

/** Writes rows `first` to `end` - 1, 10 ms apart from `start`, in the writer's batches. */
async function fill(store: SqliteRequestLogStore, start: number, first = 0, end = rows): Promise<void> {
  for (let i = first; i < end; i += 500) {
    const count = Math.min(500, end - i);
    await store.insertMany(Array.from({ length: count }, (_, j) => entry(i + j, start + (i + j) * 10)));
  }
}

async function search(store: SqliteRequestLogStore, name: string, filter: RequestFilter): Promise<string> {
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const t = performance.now();
    await store.query({ limit: 50, ...filter });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return `| ${name} | ${times[REPEATS >> 1].toFixed(1)} | ${times[REPEATS - 1].toFixed(1)} |`;
}

/**
 * The page after the first, in the window the first page fixed (as "Load more" reads it), after
 * `loggedSince` more rows were written (the page stayed open while traffic went on).
 */
async function nextPage(
  store: SqliteRequestLogStore,
  name: string,
  filter: RequestFilter,
  loggedSince = 0,
): Promise<string> {
  const first = await store.query({ limit: 50, ...filter });
  const last = first.items.at(-1);
  if (last === undefined) throw new Error(`${name}: the first page is empty`);
  await fill(store, Date.now(), rows, rows + loggedSince);
  return search(store, name, { ...filter, before: last.id, window: first.window });
}

async function prune(store: SqliteRequestLogStore): Promise<string> {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  // The histogram counts from its first tick: a block before that would go unseen.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const t = performance.now();
  const removed = await store.prune({ maxAgeMs: Number.MAX_SAFE_INTEGER, maxRows: rows / 2, now: Date.now() });
  const ms = performance.now() - t;
  // A delay is taken when the timer fires, after the block that caused it.
  await new Promise((resolve) => setTimeout(resolve, 20));
  loop.disable();
  return `Retention removing ${removed} rows: ${ms.toFixed(0)} ms in all, event loop held up to ${(loop.max / 1e6).toFixed(0)} ms at once`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-bench-search-'));
  try {
    const store = new SqliteRequestLogStore(join(dir, 'bench.db'));
    await fill(store, Date.now() - rows * 10);
    const lines = [
      `${rows} rows with bodies (about 4.5 KB each); ms per query, ${REPEATS} runs`,
      '',
      '| query | median ms | max ms |',
      '| --- | --- | --- |',
      await search(store, 'q: a word no row has', { q: 'zzzz' }),
      await search(store, 'q: one request id', { q: `bench-${rows - 10}` }),
      await search(store, 'q: a word every row has', { q: 'fox' }),
      await search(store, 'no filter', {}),
      await nextPage(store, 'q: a word every row has, next page', { q: 'fox' }),
      await nextPage(store, 'no filter, next page', {}),
      '',
      await prune(store),
      '',
      '| after retention, with rows logged since the first page | median ms | max ms |',
      '| --- | --- | --- |',
      await nextPage(
        store,
        `q: a word every row has, next page, ${LOGGED_SINCE} rows logged since`,
        { q: 'fox' },
        LOGGED_SINCE,
      ),
    ];
    await store.close();
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
