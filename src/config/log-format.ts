import type { AppEnv } from './gateway-config.types.js';

export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

/**
 * How this process writes to stdout. People at a terminal get readable lines and a start-up
 * banner; anything else (a pipe, a file, a container's log collector) gets one JSON object a line,
 * unless `LOG_FORMAT` says otherwise.
 */
export function resolveLogFormat(
  env: Pick<AppEnv, 'logFormat' | 'logPretty'>,
  stdoutIsTTY: boolean,
): 'json' | 'pretty' {
  if (env.logFormat !== 'auto') return env.logFormat;
  return env.logPretty || stdoutIsTTY ? 'pretty' : 'json';
}
