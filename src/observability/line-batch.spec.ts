import { jest } from '@jest/globals';
import { LineBatch, type LineSink } from './line-batch.js';

class RecordingSink implements LineSink {
  readonly writes: string[] = [];
  syncFlushes = 0;

  write(text: string): void {
    this.writes.push(text);
  }

  flushSync(): void {
    this.syncFlushes += 1;
  }
}

describe('LineBatch', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('hands a full batch of lines to the sink in one write, in order', () => {
    const sink = new RecordingSink();
    const batch = new LineBatch(sink, 10, 100);
    batch.write('{"a":1}\n');
    expect(sink.writes).toEqual([]);
    batch.write('{"b":2}\n');
    expect(sink.writes).toEqual(['{"a":1}\n{"b":2}\n']);
  });

  it('writes a quiet batch within the flush interval', () => {
    const sink = new RecordingSink();
    const batch = new LineBatch(sink, 4096, 100);
    batch.write('one\n');
    jest.advanceTimersByTime(99);
    expect(sink.writes).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(sink.writes).toEqual(['one\n']);
    jest.advanceTimersByTime(500);
    expect(sink.writes).toEqual(['one\n']);
  });

  it('writes out held lines and the sink backlog on flushSync', () => {
    const sink = new RecordingSink();
    const batch = new LineBatch(sink, 4096, 100);
    batch.write('one\n');
    batch.write('two\n');
    batch.flushSync();
    expect(sink.writes).toEqual(['one\ntwo\n']);
    expect(sink.syncFlushes).toBe(1);
  });
});
