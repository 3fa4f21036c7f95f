import type { LoggerService } from '@nestjs/common';

/**
 * Nest's start-up narration: a line per module loaded and per route mapped (forty of them), and
 * "application started". Useful in a log collector, noise on a terminal where a banner says it all.
 */
const STARTUP_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

/** The same logger without Nest's start-up lines at `log` level; warnings and errors always pass. */
export function quietStartupLogger(inner: LoggerService): LoggerService {
  return {
    log: (message: unknown, ...rest: unknown[]) => {
      const context = rest.at(-1);
      if (typeof context === 'string' && STARTUP_CONTEXTS.has(context)) return;
      inner.log(message, ...rest);
    },
    error: (message: unknown, ...rest: unknown[]) => inner.error(message, ...rest),
    warn: (message: unknown, ...rest: unknown[]) => inner.warn(message, ...rest),
    debug: (message: unknown, ...rest: unknown[]) => inner.debug?.(message, ...rest),
    verbose: (message: unknown, ...rest: unknown[]) => inner.verbose?.(message, ...rest),
    fatal: (message: unknown, ...rest: unknown[]) => inner.fatal?.(message, ...rest),
  };
}
