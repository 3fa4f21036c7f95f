import type { Clock } from '#src/core/clock.js';
import type { ExchangeRecord } from '#src/core/exchange-record.js';
import { logEntry } from '#src/storage/request-log.spec-fixtures.js';
import { MemoryRequestLogStore } from '#src/storage/memory-request-log.store.js';
import type { RequestLogEntry } from '#src/storage/request-log.types.js';
import { RequestLogWriter, type RequestLogWriterOptions } from './request-log.writer.js';

function record(requestId: string): ExchangeRecord {
  return { requestId, dialect: 'openai', stream: false, attempts: [], status: 200, startedAt: 0 };
}

/** A store that remembers each batch it was given; `failing` makes it reject like an unreachable database. */
class RecordingStore extends MemoryRequestLogStore {
  batches: number[] = [];
  failing = false;
  /** Takes writes and never answers, like a database behind a dropped connection. */
  hanging = false;
  /** Answers each write a few milliseconds late, as a database over the network does. */
  slow = false;

  /** Request ids of rows it refuses, as SQLite refuses a value it cannot bind: the whole transaction fails. */
  refuses = new Set<string>();

  override async insertMany(entries: readonly RequestLogEntry[]): Promise<void> {
    if (this.failing) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    if (entries.some((e) => this.refuses.has(e.requestId))) {
      throw new TypeError('SQLite3 can only bind numbers, strings, bigints, buffers, and null');
    }
    if (this.hanging) return new Promise<void>(() => undefined);
    if (this.slow) await new Promise((resolve) => setTimeout(resolve, 5));
    this.batches.push(entries.length);
    await super.insertMany(entries);
  }
}

function setup(options: Partial<RequestLogWriterOptions> = {}, bodyChars = 0) {
  let now = 0;
  const clock: Clock = { now: () => now, monotonic: () => now };
  const store = new RecordingStore();
  const warnings: string[] = [];
  const writer = new RequestLogWriter(
    {
      store,
      toEntry: (r) => logEntry({ requestId: r.requestId, requestBody: bodyChars > 0 ? 'x'.repeat(bodyChars) : null }),
      clock,
      warn: (m) => warnings.push(m),
    },
    { intervalMs: 3_600_000, firstRetryMs: 1_000, maxRetryMs: 4_000, ...options },
  );
  const logged = async () => (await store.query({})).items.map((r) => r.requestId);
  return { writer, store, warnings, logged, advance: (ms: number) => (now += ms) };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('RequestLogWriter', () => {
  it('only queues on the request path; a flush writes one batch in one call', async () => {
    const { writer, store } = setup({ batchSize: 3 });
    for (let i = 0; i < 7; i++) writer.finished(record(`r${i}`));
    expect(await store.count()).toBe(0);
    await writer.flush();
    expect(store.batches).toEqual([3]);
    expect(writer.pending).toBe(4);
  });

  it('writes a full batch without waiting for the timer, then the rest batch by batch', async () => {
    const { writer, store, logged } = setup({ batchSize: 2 });
    writer.start();
    for (let i = 0; i < 5; i++) writer.finished(record(`r${i}`));
    for (let i = 0; i < 6; i++) await nextTurn();
    await writer.stop();
    expect(store.batches.slice(0, 2)).toEqual([2, 2]);
    expect(await logged()).toEqual(['r4', 'r3', 'r2', 'r1', 'r0']);
  });

  it('keeps the rows a failing store refuses, says it is degraded, and never throws', async () => {
    const { writer, store } = setup({ batchSize: 10 });
    store.failing = true;
    writer.finished(record('a'));
    writer.finished(record('b'));
    await expect(writer.flush()).resolves.toBeUndefined();
    expect(writer.pending).toBe(2);
    expect(writer.dropped).toBe(0);
    expect(writer.state).toMatchObject({
      state: 'degraded',
      pending: 2,
      reason: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('waits longer after each failure before trying again, up to the longest pause', async () => {
    const { writer, store, advance } = setup();
    store.failing = true;
    writer.finished(record('a'));
    const tries = async () => {
      const before = store.batches.length;
      store.failing = false;
      await writer.flush();
      const tried = store.batches.length > before;
      store.failing = true;
      return tried;
    };
    await writer.flush(); // first failure: 1 s pause
    advance(999);
    expect(await tries()).toBe(false);
    advance(1);
    store.failing = true;
    await writer.flush(); // second failure: 2 s pause
    advance(1_999);
    expect(await tries()).toBe(false);
    advance(1);
    await writer.flush(); // third: 4 s
    advance(4_000);
    await writer.flush(); // fourth: still 4 s, the longest
    advance(3_999);
    expect(await tries()).toBe(false);
    advance(1);
    expect(await tries()).toBe(true);
  });

  it('catches up, in order, once the store is back', async () => {
    const { writer, store, logged, advance } = setup({ batchSize: 2 });
    store.failing = true;
    for (const id of ['a', 'b', 'c']) writer.finished(record(id));
    await writer.flush();
    store.failing = false;
    advance(1_000);
    await writer.flush();
    await writer.flush();
    expect(await logged()).toEqual(['c', 'b', 'a']);
    expect(writer.state).toEqual({ state: 'ok', pending: 0, capacity: 10_000, dropped: 0 });
  });

  it('drops and counts new exchanges while the queue is full, and warns at most once per period', async () => {
    const { writer, store, warnings, advance } = setup({ capacity: 2, warnEveryMs: 30_000 });
    store.failing = true;
    for (let i = 0; i < 5; i++) writer.finished(record(`r${i}`));
    await writer.flush();
    advance(1_000);
    await writer.flush();
    expect(writer.pending).toBe(2);
    expect(writer.dropped).toBe(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('ECONNREFUSED');
    expect(warnings[0]).toContain('3 dropped');
    advance(30_000);
    await writer.flush();
    expect(warnings).toHaveLength(2);
  });

  it('at shutdown writes what the store takes and counts the rest as dropped', async () => {
    const { writer, store, warnings } = setup();
    store.failing = true;
    writer.finished(record('a'));
    writer.finished(record('b'));
    await writer.stop();
    expect(writer.pending).toBe(0);
    expect(writer.dropped).toBe(2);
    expect(warnings.at(-1)).toContain('2 row(s) dropped');
  });

  it('counts an exchange it cannot turn into a row as dropped, without throwing', async () => {
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
    await writer.flush();
    expect(writer.dropped).toBe(1);
    expect(store.batches).toEqual([]);
  });

  it('bounds the bodies it holds while the store is down, dropping and counting rows beyond that', async () => {
    const { writer, store, logged } = setup({ batchSize: 100, capacityChars: 250_000 }, 100_000);
    store.failing = true;
    for (let i = 0; i < 5; i++) writer.finished(record(`big${i}`));
    await writer.flush();
    expect(writer.pending).toBe(2);
    expect(writer.dropped).toBe(3);
    store.failing = false;
    await writer.stop();
    expect(await logged()).toEqual(['big1', 'big0']);
  });

  it('takes rows again once written ones free their room', async () => {
    const { writer, logged } = setup({ batchSize: 100, capacityChars: 250_000 }, 100_000);
    for (let i = 0; i < 2; i++) writer.finished(record(`first${i}`));
    await writer.flush();
    for (let i = 0; i < 2; i++) writer.finished(record(`second${i}`));
    await writer.stop();
    expect(writer.dropped).toBe(0);
    expect(await logged()).toEqual(['second1', 'second0', 'first1', 'first0']);
  });

  it('at shutdown writes each row once, though a flush was already on its way', async () => {
    const { writer, store, logged } = setup({ batchSize: 2 });
    store.slow = true;
    writer.start();
    // A full batch asks for a flush on the next turn; the shutdown begins before that turn.
    for (let i = 0; i < 3; i++) writer.finished(record(`r${i}`));
    await writer.stop();
    for (let i = 0; i < 3; i++) await nextTurn();
    expect(await logged()).toEqual(['r2', 'r1', 'r0']);
    expect(writer.dropped).toBe(0);
  });

  it('at shutdown gives up on a store that does not answer, counting and reporting the rows it held', async () => {
    const { writer, store, warnings } = setup({ batchSize: 2, stopWithinMs: 20 });
    store.hanging = true;
    for (let i = 0; i < 5; i++) writer.finished(record(`r${i}`));
    void writer.flush();

    await writer.stop();

    expect(writer.dropped).toBe(5);
    expect(writer.pending).toBe(0);
    expect(warnings.at(-1)).toContain('5 row(s) dropped');
  });

  it('drops and counts a row the store refuses for what it holds, and writes the rows around and after it', async () => {
    const { writer, store, warnings, logged } = setup({ batchSize: 3 }, 10);
    store.refuses.add('r1');
    for (let i = 0; i < 5; i++) writer.finished(record(`r${i}`));
    await writer.flush();
    await writer.flush();
    expect((await logged()).sort()).toEqual(['r0', 'r2', 'r3', 'r4']);
    expect(writer.pending).toBe(0);
    expect(writer.state).toMatchObject({ state: 'ok', dropped: 1 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('refused a row');
    expect(warnings[0]).not.toContain('xxxxxxxxxx');
  });

  it('keeps the rows of a batch when the store goes away while they are written one by one', async () => {
    const { writer, store, logged } = setup({ batchSize: 3 });
    store.refuses.add('r0');
    for (let i = 0; i < 3; i++) writer.finished(record(`r${i}`));
    const original = store.insertMany.bind(store);
    let calls = 0;
    store.insertMany = async (entries) => {
      calls++;
      if (calls === 3) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      return original(entries);
    };
    await writer.flush();
    expect(await logged()).toEqual([]);
    expect(writer.state).toMatchObject({ state: 'degraded', pending: 2, dropped: 1 });
  });
});
