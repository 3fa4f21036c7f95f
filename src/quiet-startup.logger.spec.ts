import type { LoggerService } from '@nestjs/common';
import { quietStartupLogger } from './quiet-startup.logger.js';

function recording() {
  const lines: string[] = [];
  const record =
    (level: string) =>
    (message: unknown, ...rest: unknown[]) =>
      void lines.push(`${level} ${String(rest.at(-1))}: ${String(message)}`);
  const inner: LoggerService = { log: record('log'), error: record('error'), warn: record('warn') };
  return { lines, logger: quietStartupLogger(inner) };
}

describe('quietStartupLogger', () => {
  it("drops Nest's module and route lines and keeps the gateway's own", () => {
    const { lines, logger } = recording();
    logger.log('Mapped {/v1/messages, POST} route', 'RouterExplorer');
    logger.log('OpenAIController {/v1}:', 'RoutesResolver');
    logger.log('GatewayModule dependencies initialized', 'InstanceLoader');
    logger.log('Weights changed', 'Weights');
    expect(lines).toEqual(['log Weights: Weights changed']);
  });

  it('passes warnings and errors whatever their context', () => {
    const { lines, logger } = recording();
    logger.warn('slow start', 'NestApplication');
    logger.error('cannot map', 'RouterExplorer');
    expect(lines).toEqual(['warn NestApplication: slow start', 'error RouterExplorer: cannot map']);
  });
});
