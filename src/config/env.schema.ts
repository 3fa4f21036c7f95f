import { z } from 'zod';
import { LOG_FORMATS } from './log-format.js';
import { MAX_TIMER_MS } from '#src/core/timer-limit.js';

/**
 * The environment variables Switchyard reads, described once. Every value is trimmed and an empty
 * one counts as unset (docker compose passes unset variables as empty), so its default applies.
 */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A token anyone could guess in a few tries guards nothing: length and variety are required. */
export const ADMIN_TOKEN_MIN_LENGTH = 16;
const ADMIN_TOKEN_MIN_DISTINCT = 8;

const MIB = 1024 * 1024;

const quoted = (input: unknown) => `"${String(input)}"`;

const unsetWhenEmpty = (v: unknown) => (typeof v === 'string' ? v.trim() || undefined : v);

function variable<T extends z.ZodType>(schema: T) {
  return z.preprocess(unsetWhenEmpty, schema.optional());
}

/** Digits only, within bounds; the message quotes the value as written. */
const wholeNumber = (accept: (n: number) => boolean, expected: string) =>
  z
    .string()
    .refine((raw) => /^\d+$/.test(raw) && accept(Number(raw)), {
      error: (iss) => `${expected}, got ${quoted(iss.input)}`,
    })
    .transform(Number);

// 0 asks the OS for a free port, which tests rely on.
const port = (fallback: number) =>
  variable(wholeNumber((n) => n <= 65535, 'expected a port number 0-65535')).transform((v) => v ?? fallback);

const positive = () =>
  variable(wholeNumber((n) => Number.isSafeInteger(n) && n > 0, 'expected a positive whole number'));

/** A timer's delay in ms: positive, and no longer than a timer takes (or `max`, when it is multiplied). */
const timerMs = (max = MAX_TIMER_MS) =>
  variable(
    wholeNumber(
      (n) => Number.isSafeInteger(n) && n > 0 && n <= max,
      `expected a whole number of milliseconds from 1 to ${max}`,
    ),
  );

const flag = () =>
  variable(
    z
      .string()
      .toLowerCase()
      .pipe(
        z.stringbool({
          truthy: ['1', 'true', 'yes', 'on'],
          falsy: ['0', 'false', 'no', 'off'],
          error: (iss) => `expected true or false (1/0, yes/no also accepted), got ${quoted(iss.input)}`,
        }),
      ),
  ).transform((v) => v ?? false);

const text = () => variable(z.string());

/** One of a few words, in any case. */
const word = <const T extends readonly [string, ...string[]]>(words: T, fallback: T[number]) =>
  variable(
    z
      .string()
      .toLowerCase()
      .pipe(z.enum(words, { error: (iss) => `expected one of ${words.join(', ')}, got ${quoted(iss.input)}` })),
  ).transform((v) => v ?? fallback);

/** The value is not echoed: connection URLs usually carry a password. */
const redisUrl = () =>
  variable(
    z.string().refine((raw) => URL.canParse(raw) && ['redis:', 'rediss:'].includes(new URL(raw).protocol), {
      error: () => 'expected a redis:// or rediss:// URL',
    }),
  );

/** Put before every Redis key and channel, so deployments sharing one Redis stay apart. */
const redisPrefix = () =>
  variable(
    z.string().regex(/^[A-Za-z0-9._:{}-]{1,64}$/, {
      error: (iss) => `expected 1-64 letters, digits or . _ : - { }, got ${quoted(iss.input)}`,
    }),
  ).transform((v) => v ?? 'switchyard:');

/** The value is not echoed: connection URLs usually carry a password. */
const databaseUrl = () =>
  variable(
    z.string().refine((raw) => URL.canParse(raw) && ['postgres:', 'postgresql:'].includes(new URL(raw).protocol), {
      error: () => 'expected a postgres:// or postgresql:// URL',
    }),
  );

/** Shown in the admin UI and stored with every request-log row, so it is kept short and plain. */
const instanceId = () =>
  variable(
    z.string().regex(new RegExp(`^[A-Za-z0-9._-]{1,${MAX_INSTANCE_ID_LENGTH}}$`), {
      error: (iss) =>
        `expected 1-${MAX_INSTANCE_ID_LENGTH} letters, digits, dots, dashes or underscores, got ${quoted(iss.input)}`,
    }),
  );

/** A plain identifier, so it can be put into a search path without quoting. */
const databaseSchema = () =>
  variable(
    z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, {
      error: (iss) => `expected a schema name of lower-case letters, digits and underscores, got ${quoted(iss.input)}`,
    }),
  ).transform((v) => v ?? 'public');

/** The value is not echoed: even a weak token is a secret. */
const adminToken = () =>
  variable(
    z.string().refine((t) => t.length >= ADMIN_TOKEN_MIN_LENGTH && new Set(t).size >= ADMIN_TOKEN_MIN_DISTINCT, {
      error: () =>
        `too weak: use at least ${ADMIN_TOKEN_MIN_LENGTH} characters with at least ${ADMIN_TOKEN_MIN_DISTINCT} ` +
        'different ones (e.g. `openssl rand -hex 32`), or unset it to have one generated',
    }),
  );

const HOST_NAME = /^(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/;

/** Gateway processes sharing the ports: a number, or `auto` for one per CPU core. */
/** The most gateway processes `WORKERS` starts, whether written as a number or as `auto`. */
export const MAX_WORKERS = 64;

/** The most characters `INSTANCE_ID` has, each worker's `-<n>` included. */
export const MAX_INSTANCE_ID_LENGTH = 64;

const workers = () =>
  variable(
    z
      .string()
      .refine((raw) => /^auto$/i.test(raw) || (/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= MAX_WORKERS), {
        error: (iss) => `expected a number of worker processes 1-${MAX_WORKERS} or auto, got ${quoted(iss.input)}`,
      })
      .transform((raw) => (/^auto$/i.test(raw) ? ('auto' as const) : Number(raw))),
  ).transform((v) => v ?? 1);

/** Host names (no port) also answered besides loopback ones; `*.example.com` allows subdomains. */
const allowedHosts = () =>
  variable(z.string())
    .transform((raw) =>
      (raw ?? '')
        .split(',')
        .map((n) => n.trim().toLowerCase())
        .filter((n) => n !== ''),
    )
    .check(
      z.superRefine((names, ctx) => {
        const bad = names.filter((n) => !HOST_NAME.test(n));
        if (bad.length === 0) return;
        ctx.addIssue({
          code: 'custom',
          input: names,
          message:
            'expected comma-separated host names without scheme or port (e.g. gateway.example.com,*.tunnel.example), ' +
            `got "${bad.join(', ')}"`,
        });
      }),
    );

/**
 * Web origins (`https://chat.example.com`, `http://localhost:5173`) whose pages may call the proxy
 * port from a browser, or `*` alone for any; each is kept as the browser sends it (`Origin`):
 * lower-case scheme and host, a port only when not the scheme's own, no path.
 */
const corsOrigins = () =>
  variable(z.string())
    .transform((raw) =>
      (raw ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o !== ''),
    )
    .check(
      z.superRefine((given, ctx) => {
        const bad = given.filter((o) => o !== '*' && webOrigin(o) === undefined);
        const problem =
          bad.length > 0
            ? 'expected comma-separated web origins, scheme and host without a path (e.g. https://chat.example.com,' +
              `http://localhost:5173), or * alone, got "${bad.join(', ')}"`
            : given.includes('*') && given.length > 1
              ? 'expected * alone (it already allows every origin), or a list of origins without it'
              : undefined;
        if (problem !== undefined) ctx.addIssue({ code: 'custom', input: given, message: problem });
      }),
    )
    .transform((given) => given.map((o) => (o === '*' ? o : (webOrigin(o) as string))));

/** The origin a browser would send for `raw`, if `raw` is an http(s) origin with at most a trailing `/`. */
function webOrigin(raw: string): string | undefined {
  if (!URL.canParse(raw)) return undefined;
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return undefined;
  if (url.pathname !== '/' || !/^[a-z]+:\/\/[^/]+\/?$/i.test(raw)) return undefined;
  return url.origin;
}

/** Both apps listen at once, so they cannot share a port (0 asks the OS for a free one each). */
function checkDistinctPorts(e: { CLAUDE_PROXY_PORT?: unknown; ADMIN_DASHBOARD_PORT?: unknown }, ctx: z.RefinementCtx) {
  const [proxy, admin] = [e.CLAUDE_PROXY_PORT, e.ADMIN_DASHBOARD_PORT];
  if (typeof proxy !== 'number' || proxy === 0 || proxy !== admin) return;
  ctx.addIssue({
    code: 'custom',
    path: ['ADMIN_DASHBOARD_PORT'],
    message: `must differ from CLAUDE_PROXY_PORT (both are ${proxy})`,
  });
}

export const envSchema = z
  .object({
    CLAUDE_PROXY_PORT: port(3100),
    ADMIN_DASHBOARD_PORT: port(3200),
    HOST: text().transform((v) => v ?? '127.0.0.1'),
    ADMIN_HOST: text(),
    ALLOWED_HOSTS: allowedHosts(),
    CORS_ORIGINS: corsOrigins(),
    ADMIN_TOKEN: adminToken(),
    DATA_DIR: text().transform((v) => v ?? './data'),
    REDIS_URL: redisUrl(),
    REDIS_PREFIX: redisPrefix(),
    // Redis commands give up at four deadlines (redis-shared-state.ts), which a timer must still take.
    REDIS_DEADLINE_MS: timerMs(Math.floor(MAX_TIMER_MS / 4)).transform((v) => v ?? 50),
    DATABASE_URL: databaseUrl(),
    DATABASE_SCHEMA: databaseSchema(),
    INSTANCE_ID: instanceId(),
    LOG_LEVEL: word(LOG_LEVELS, 'info'),
    LOG_PRETTY: flag(),
    LOG_FORMAT: word(LOG_FORMATS, 'auto'),
    LOG_BODIES: flag(),
    GATEWAY_CONFIG: text(),
    AUTH_MODE: variable(
      z
        .string()
        .toLowerCase()
        .pipe(z.enum(['off', 'keys'], { error: (iss) => `expected off or keys, got ${quoted(iss.input)}` })),
    ),
    ALLOW_UNAUTHENTICATED: flag(),
    // Anthropic's own limit: long agent sessions carrying screenshots fit in it.
    BODY_LIMIT_BYTES: positive().transform((v) => v ?? 32 * MIB),
    STREAM_KEEPALIVE_MS: timerMs().transform((v) => v ?? 15_000),
    ADMIN_UI_DIR: text(),
    /** Unset stays undefined: the user of the value owns its default. */
    REQUEST_LOG_MAX_AGE_DAYS: positive(),
    REQUEST_LOG_MAX_ROWS: positive(),
    REQUEST_LOG_BUFFER_ROWS: positive(),
    WORKERS: workers(),
  })
  .check(z.superRefine(checkDistinctPorts, { when: () => true }));
