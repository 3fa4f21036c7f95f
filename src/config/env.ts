import { randomBytes } from 'node:crypto';
import { availableParallelism, hostname } from 'node:os';
import { ConfigError } from './config-error.js';
import { envSchema, MAX_INSTANCE_ID_LENGTH, MAX_WORKERS } from './env.schema.js';
import type { Vars } from './expand.js';
import type { AppEnv } from './gateway-config.types.js';
import { isLoopbackBind } from './loopback.js';

export { ADMIN_TOKEN_MIN_LENGTH, LOG_LEVELS, MAX_WORKERS } from './env.schema.js';

/**
 * The process settings, read once from the environment. Every bad value is reported in one
 * ConfigError, each as `<VARIABLE>: <what was expected>`, so a single restart fixes them all.
 * `vars` is kept for `${VAR}` expansion.
 */
export function readEnv(vars: Vars): AppEnv {
  const parsed = envSchema.safeParse(vars);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`));
  const e = parsed.data;
  const workers = e.WORKERS === 'auto' ? autoWorkers(availableParallelism()) : e.WORKERS;
  const instanceId = e.INSTANCE_ID ?? defaultInstanceId();
  // Each worker runs as `<INSTANCE_ID>-<n>`, which must itself be a valid INSTANCE_ID.
  const longest = workers > 1 ? `${instanceId}-${workers}` : instanceId;
  if (longest.length > MAX_INSTANCE_ID_LENGTH) {
    throw new ConfigError([
      `INSTANCE_ID: expected at most ${MAX_INSTANCE_ID_LENGTH - (longest.length - instanceId.length)} characters ` +
        `with WORKERS=${workers}, since each worker adds -<n> to it (the longest, "${longest}", has ${longest.length})`,
    ]);
  }
  return {
    proxyPort: e.CLAUDE_PROXY_PORT,
    adminPort: e.ADMIN_DASHBOARD_PORT,
    host: e.HOST,
    adminHost: e.ADMIN_HOST ?? adminHostFor(e.HOST),
    allowedHosts: e.ALLOWED_HOSTS,
    corsOrigins: e.CORS_ORIGINS,
    adminToken: e.ADMIN_TOKEN,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    redisDeadlineMs: e.REDIS_DEADLINE_MS,
    databaseUrl: e.DATABASE_URL,
    databaseSchema: e.DATABASE_SCHEMA,
    instanceId,
    logLevel: e.LOG_LEVEL,
    logPretty: e.LOG_PRETTY,
    logFormat: e.LOG_FORMAT,
    logBodies: e.LOG_BODIES,
    gatewayConfigPath: e.GATEWAY_CONFIG,
    authMode: e.AUTH_MODE,
    allowUnauthenticated: e.ALLOW_UNAUTHENTICATED,
    bodyLimit: e.BODY_LIMIT_BYTES,
    streamKeepaliveMs: e.STREAM_KEEPALIVE_MS,
    adminUiDir: e.ADMIN_UI_DIR,
    requestLogMaxAgeDays: e.REQUEST_LOG_MAX_AGE_DAYS,
    requestLogMaxRows: e.REQUEST_LOG_MAX_ROWS,
    requestLogBufferRows: e.REQUEST_LOG_BUFFER_ROWS,
    workers,
    vars: { ...vars },
  };
}

/** `WORKERS=auto`: one per core, as many as an explicit `WORKERS` may be at most. */
export function autoWorkers(cores: number): number {
  return Math.max(1, Math.min(cores, MAX_WORKERS));
}

/**
 * The admin port stays on this machine unless asked: a `HOST` opened to other machines for the
 * apps that send prompts should not put the admin UI there too. A loopback `HOST` is kept as it is.
 */
function adminHostFor(host: string): string {
  return isLoopbackBind(host) ? host : '127.0.0.1';
}

/** Unique per process and readable in the admin UI: the host, then a random suffix. */
function defaultInstanceId(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9.-]/g, '')
      .slice(0, 40) || 'gateway';
  return `${host}-${randomBytes(3).toString('hex')}`;
}
