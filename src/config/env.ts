import type { AppEnv } from './gateway-config.types.js';
import { ConfigError } from './config-error.js';
import { EnvReader } from './env-values.js';
import { LOG_FORMATS } from './log-format.js';
import type { Vars } from './expand.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const MIB = 1024 * 1024;

/**
 * The process settings, read once from the environment. Every bad value is reported in one
 * ConfigError so a single restart fixes them all. `vars` is kept for `${VAR}` expansion.
 */
export function readEnv(vars: Vars): AppEnv {
  const env = new EnvReader(vars);
  const proxyPort = env.port('CLAUDE_PROXY_PORT', 3100);
  const adminPort = env.port('ADMIN_DASHBOARD_PORT', 3200);
  if (proxyPort !== 0 && proxyPort === adminPort) {
    env.fail('ADMIN_DASHBOARD_PORT', `must differ from CLAUDE_PROXY_PORT (both are ${proxyPort})`, undefined);
  }
  const result: AppEnv = {
    proxyPort,
    adminPort,
    host: env.text('HOST') ?? '127.0.0.1',
    allowedHosts: allowedHosts(env),
    adminToken: adminToken(env),
    dataDir: env.text('DATA_DIR') ?? './data',
    redisUrl: env.url('REDIS_URL', ['redis:', 'rediss:']),
    logLevel: env.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    logPretty: env.flag('LOG_PRETTY', false),
    logFormat: env.oneOf('LOG_FORMAT', LOG_FORMATS, 'auto'),
    logBodies: env.flag('LOG_BODIES', false),
    gatewayConfigPath: env.text('GATEWAY_CONFIG'),
    bodyLimit: env.positiveInteger('BODY_LIMIT_BYTES', 10 * MIB),
    adminUiDir: env.text('ADMIN_UI_DIR'),
    requestLogMaxAgeDays: optionalPositive(env, 'REQUEST_LOG_MAX_AGE_DAYS'),
    requestLogMaxRows: optionalPositive(env, 'REQUEST_LOG_MAX_ROWS'),
    vars: { ...vars },
  };
  if (env.problems.length > 0) throw new ConfigError(env.problems);
  return result;
}

/** A token anyone could guess in a few tries guards nothing: length and variety are required. */
export const ADMIN_TOKEN_MIN_LENGTH = 16;
const ADMIN_TOKEN_MIN_DISTINCT = 8;

function adminToken(env: EnvReader): string | undefined {
  const token = env.text('ADMIN_TOKEN');
  if (token === undefined) return undefined;
  if (token.length >= ADMIN_TOKEN_MIN_LENGTH && new Set(token).size >= ADMIN_TOKEN_MIN_DISTINCT) return token;
  // The value is not echoed: even a weak token is a secret.
  return env.fail(
    'ADMIN_TOKEN',
    `too weak: use at least ${ADMIN_TOKEN_MIN_LENGTH} characters with at least ${ADMIN_TOKEN_MIN_DISTINCT} different ` +
      'ones (e.g. `openssl rand -hex 32`), or unset it to have one generated',
    undefined,
  );
}

const HOST_NAME = /^(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/;

/** `ALLOWED_HOSTS`: host names (no port) also answered besides loopback ones; `*.example.com` allows subdomains. */
function allowedHosts(env: EnvReader): string[] {
  const names = (env.text('ALLOWED_HOSTS') ?? '')
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n !== '');
  const bad = names.filter((n) => !HOST_NAME.test(n));
  if (bad.length === 0) return names;
  return env.fail(
    'ALLOWED_HOSTS',
    `expected comma-separated host names without scheme or port (e.g. gateway.example.com,*.tunnel.example), got "${bad.join(', ')}"`,
    [],
  );
}

/** Unset stays undefined (the user of the value owns its default); a bad value is still reported. */
function optionalPositive(env: EnvReader, name: string): number | undefined {
  return env.text(name) === undefined ? undefined : env.positiveInteger(name, 1);
}
