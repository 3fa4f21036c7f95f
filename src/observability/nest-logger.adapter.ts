import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';

/** A stack as Node prints it: a line break, then `at ...`. */
const STACK = /\n\s*at /;

/**
 * Nest's logger contract on a pino logger, so Nest's own lines (start-up, exceptions) and
 * `new Logger(context)` calls land in the same JSON lines, ring and redaction as everything else.
 *
 * Nest passes the context as the last argument: it becomes the line's `context` field. An `Error`
 * becomes `err` (pino serialises its type, message and stack); a plain object is merged into the
 * line. Nest's exception handlers call `error(message, stack, context)`: that stack is kept as
 * the `err` it belongs to rather than printed as a second message.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    if (params.length > 0) fields.context = params.at(-1);
    const rest = params.slice(0, -1);
    const [first, ...args] = rest;
    const text = typeof first === 'string' ? first : undefined;
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, text ?? message.message, ...args);
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ ...fields, ...message }, text, ...args);
    } else if (level === 'error' && rest.length === 1 && text !== undefined && STACK.test(text)) {
      const err = new Error(String(message));
      err.stack = text;
      this.pino[level]({ ...fields, err }, err.message);
    } else {
      this.pino[level](fields, String(message), ...rest);
    }
  }
}
