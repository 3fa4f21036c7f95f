import type { Clock } from '#src/core/clock.js';
import type { ExchangeRecord } from '#src/core/exchange-record.js';
import { logEntry } from '#src/storage/request-log.spec-fixtures.js';
import { MemoryRequestLogStore } from '#src/storage/memory-request-log.store.js';
import type { RequestLogEntry, RequestLogStore } from '#src/storage/request-log.types.js';
import { RequestLogWriter, type RequestLogWriterOptions } from './request-log.writer.js';

function record(requestId: string): ExchangeRecord {
  return { requestId, dialect: 'openai', stream: false, attempts: [], status: 200, startedAt: 0 };
}

/** A store that remembers each batch it was given; `failing` makes it throw like a locked database. */
class RecordingStore extends MemoryRequestLogStore {
  batches: number[] = [];
  failing = false;

  override insertMany(entries: readonly RequestLogEntry[]): void {
    if (this.failing) throw new Error('SQLITE_BUSY: database is locked');
    this.batches.push(entries.length);
    super.insertMany(entries);
  }
}

function setup(options: Partial<RequestLogWriterOptions> = {}) {
  let now = 0;
  const clock: Clock = { now: () => now, monotonic: () => now };
  const store = new RecordingStore();
  const warnings: string[] = [];
  const writer = new RequestLogWriter(
    {
      store: store as RequestLogStore,
      toEntry: (r) => logEntry({ requestId: r.requestId }),
      clock,
      warn: (m) => warnings.push(m),
    },
    { intervalMs: 3_600_000, ...options },
  );
  return { writer, store, warnings, advance: (ms: number) => (now += ms) };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('RequestLogWriter', () => {
  it('only queues on the request path; a flush writes one batch in one call', () => {
    const { writer, store } = setup({ batchSize: 3 });
    for (let i = 0; i < 7; i++) writer.finished(record(`r${i}`));
    expect(store.count()).toBe(0);
    writer.flush();
    expect(store.batches).toEqual([3]);
    expect(writer.pending).toBe(4);
  });

  it('writes a full batch without waiting for the timer, then the rest batch by batch', async () => {
    const { writer, store } = setup({ batchSize: 2 });
    writer.start();
    for (let i = 0; i < 5; i++) writer.finished(record(`r${i}`));
    await nextTurn();
    await nextTurn();
    writer.stop();
    expect(store.batches.slice(0, 2)).toEqual([2, 2]);
    expect(store.query({}).items.map((r) => r.requestId)).toEqual(['r4', 'r3', 'r2', 'r1', 'r0']);
  });

  it('drops and counts what a failing store refuses, never throws, and warns at most once per period', () => {
    const { writer, store, warnings, advance } = setup({ batchSize: 10, warnEveryMs: 30_000 });
    store.failing = true;
    expect(() => {
      writer.finished(record('a'));
      writer.finished(record('b'));
      writer.flush();
      writer.finished(record('c'));
      writer.flush();
    }).not.toThrow();
    expect(writer.dropped).toBe(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('database is locked');
    advance(30_000);
    writer.finished(record('d'));
    writer.flush();
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toContain('4 row(s) dropped');
  });

  it('writes again once the store recovers', () => {
    const { writer, store } = setup();
    store.failing = true;
    writer.finished(record('lost'));
    writer.flush();
    store.failing = false;
    writer.finished(record('kept'));
    writer.flush();
    expect(store.query({}).items.map((r) => r.requestId)).toEqual(['kept']);
    expect(writer.dropped).toBe(1);
  });

  it('drops and counts new exchanges while the queue is full', () => {
    const { writer } = setup({ capacity: 2 });
    for (let i = 0; i < 5; i++) writer.finished(record(`r${i}`));
    expect(writer.pending).toBe(2);
    expect(writer.dropped).toBe(3);
  });

  it('counts an exchange it cannot turn into a row as dropped, without throwing', () => {
    const store = new RecordingStore();
    const writer = new RequestLogWriter({
      store,
      toEntry: () => {
        throw new Error('unexpected shape');
      },
      clock: { now: () => 0, monotonic: () => 0 },
      warn: () => undefined,
    });
    expect(() => writer.finished(record('odd'))).not.toThrow();
    expect(() => writer.flush()).not.toThrow();
    expect(writer.dropped).toBe(1);
    expect(store.batches).toEqual([]);
  });
});
