import { Writable } from 'node:stream';
import pino from 'pino';
import { PinoNestLogger } from './nest-logger.adapter.js';

/** A PinoNestLogger over a pino root that keeps its JSON lines, parsed. */
function capture(level = 'info'): { lines: Record<string, unknown>[]; logger: PinoNestLogger } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: new PinoNestLogger(pino({ level }, sink)) };
}

describe('PinoNestLogger: Nest lines as pino JSON', () => {
  it('writes the message with the context Nest passes last', () => {
    const { lines, logger } = capture();
    logger.log('Mapped {/v1/models, GET} route', 'RouterExplorer');
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, msg: 'Mapped {/v1/models, GET} route', context: 'RouterExplorer' }),
    ]);
  });

  it('writes a line without context when Nest gives none', () => {
    const { lines, logger } = capture();
    logger.warn('no context here');
    expect(lines[0]).toMatchObject({ level: 40, msg: 'no context here' });
    expect(lines[0]).not.toHaveProperty('context');
  });

  it('keeps an Error as `err` with its stack, its message as the line', () => {
    const { lines, logger } = capture();
    logger.error(new Error('disk full'), 'RequestLog');
    expect(lines[0]).toMatchObject({ level: 50, msg: 'disk full', context: 'RequestLog' });
    expect(lines[0].err).toMatchObject({ type: 'Error', message: 'disk full', stack: expect.stringContaining('at ') });
  });

  it("turns an exception handler's (message, stack, context) into one `err`", () => {
    const { lines, logger } = capture();
    const stack = 'Error: boom\n    at handler (/app/dist/x.js:1:1)';
    logger.error('boom', stack, 'ExceptionsHandler');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, msg: 'boom', context: 'ExceptionsHandler', err: { stack } });
  });

  it('merges an object message into the line', () => {
    const { lines, logger } = capture();
    logger.log({ port: 4000, msg: 'listening' }, 'Bootstrap');
    expect(lines[0]).toMatchObject({ port: 4000, msg: 'listening', context: 'Bootstrap' });
  });

  it("maps Nest's verbose and debug to pino's trace and debug, and drops what the level excludes", () => {
    const quiet = capture('info');
    quiet.logger.debug('not written', 'X');
    quiet.logger.verbose('not written', 'X');
    expect(quiet.lines).toEqual([]);
    const chatty = capture('trace');
    chatty.logger.debug('a', 'X');
    chatty.logger.verbose('b', 'X');
    expect(chatty.lines.map((l) => l.level)).toEqual([20, 10]);
  });
});
