import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import pg from 'pg';
import { PostgresRequestLogStore } from '#src/storage/postgres/postgres-request-log.store.js';
import { PostgresDatabase } from '#src/storage/postgres/postgres.database.js';
import type { RequestLogStore } from '#src/storage/request-log.types.js';
import { SqliteRequestLogStore } from '#src/storage/sqlite-request-log.store.js';
import { benchEntry } from './bench-entry.js';

/**
 * How fast each request-log store takes the writer's batches, and how late the event loop (which
 * requests share) runs meanwhile: SQLite writes synchronously, PostgreSQL over the network.
 * Usage: npm run bench:request-log [-- <rows> <batch size> <postgres url>]
 */
const [rows = 20_000, batchSize = 200] = process.argv.slice(2, 4).map(Number);
const url = process.argv[4] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function measure(name: string, store: RequestLogStore): Promise<string> {
  const batches: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const started = performance.now();
  for (let i = 0; i < rows; i += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, rows - i) }, (_, j) =>
      benchEntry(i + j, { stream: (i + j) % 2 === 0 }),
    );
    const t = performance.now();
    await store.insertMany(batch);
    batches.push(performance.now() - t);
    // As the writer does: other work (requests) gets its turn between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const seconds = (performance.now() - started) / 1000;
  loop.disable();
  batches.sort((a, b) => a - b);
  const p = (q: number) => batches[Math.min(batches.length - 1, Math.floor(q * batches.length))].toFixed(1);
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  return (
    `| ${name} | ${Math.round(rows / seconds).toLocaleString('en-US')} | ${p(0.5)} | ${p(0.95)} | ` +
    `${ms(loop.percentile(99))} | ${ms(loop.max)} |`
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-bench-log-'));
  const schema = `switchyard_bench_${process.pid}`;
  const database = new PostgresDatabase({ url, schema });
  const lines = [
    `${rows} rows in batches of ${batchSize}`,
    '',
    '| store | rows/s | batch p50 ms | batch p95 ms | event-loop delay p99 ms | max ms |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  try {
    const sqlite = new SqliteRequestLogStore(join(dir, 'bench.db'));
    lines.push(await measure('SQLite (DATA_DIR)', sqlite));
    await sqlite.close();
    await database.ready();
    lines.push(await measure('PostgreSQL (DATABASE_URL)', new PostgresRequestLogStore(database)));
  } finally {
    await database.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main();
