import { LogRing } from './log-ring.js';

const line = (level: number, msg: string, extra: object = {}) =>
  `${JSON.stringify({ level, time: Date.UTC(2026, 0, 1), msg, ...extra })}\n`;

describe('LogRing', () => {
  it('keeps only the newest lines once full, and lists them newest first', () => {
    const ring = new LogRing(3);
    for (let i = 1; i <= 5; i++) ring.write(line(30, `line ${i}`));
    expect(ring.size).toBe(3);
    expect(ring.recent({ limit: 10 }).map((l) => l.msg)).toEqual(['line 5', 'line 4', 'line 3']);
  });

  it('filters by minimum level and honours the limit', () => {
    const ring = new LogRing(10);
    ring.write(line(20, 'debug'));
    ring.write(line(40, 'warn'));
    ring.write(line(30, 'info'));
    ring.write(line(50, 'error'));
    expect(ring.recent({ minLevel: 'warn', limit: 10 }).map((l) => l.msg)).toEqual(['error', 'warn']);
    expect(ring.recent({ limit: 1 }).map((l) => l.msg)).toEqual(['error']);
  });

  it('names the level, context and request id of a line, and keeps the line whole as raw', () => {
    const ring = new LogRing();
    ring.write(line(40, 'slow upstream', { context: 'chat', request_id: 'req-7', provider: 'openai' }));
    ring.write(line(30, 'GET /health', { req: { id: 'req-8' } }));
    const [http, chat] = ring.recent({ limit: 2 });
    expect(chat).toMatchObject({
      level: 'warn',
      msg: 'slow upstream',
      context: 'chat',
      request_id: 'req-7',
      time: '2026-01-01T00:00:00.000Z',
    });
    expect(chat.raw).toMatchObject({ provider: 'openai' });
    expect(http.request_id).toBe('req-8');
    expect(http.context).toBeNull();
  });

  it('keeps a line that is not JSON as its message, and bounds a huge line', () => {
    const ring = new LogRing();
    ring.write('plain text\n');
    ring.write(`${'x'.repeat(100_000)}\n`);
    const [huge, plain] = ring.recent({ limit: 2 });
    expect(plain.msg).toBe('plain text');
    expect(huge.msg.length).toBeLessThanOrEqual(16 * 1024);
  });
});
