import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.js';
import { autoWorkers, readEnv } from './env.js';

function problemsOf(vars: Record<string, string>): string[] {
  try {
    readEnv(vars);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('readEnv', () => {
  it('applies the documented defaults to an empty environment', () => {
    const { instanceId, ...env } = readEnv({});
    expect(instanceId).toMatch(/^[A-Za-z0-9.-]+-[0-9a-f]{6}$/);
    expect(env).toEqual({
      proxyPort: 3100,
      adminPort: 3200,
      host: '127.0.0.1',
      adminHost: '127.0.0.1',
      allowedHosts: [],
      corsOrigins: [],
      adminToken: undefined,
      dataDir: './data',
      redisUrl: undefined,
      redisPrefix: 'switchyard:',
      redisDeadlineMs: 50,
      databaseUrl: undefined,
      databaseSchema: 'public',
      logLevel: 'info',
      logPretty: false,
      logFormat: 'auto',
      logBodies: false,
      gatewayConfigPath: undefined,
      authMode: undefined,
      allowUnauthenticated: false,
      bodyLimit: 32 * 1024 * 1024,
      streamKeepaliveMs: 15_000,
      workers: 1,
      vars: {},
    });
  });

  it('runs as many workers as asked, or one per core with auto', () => {
    expect(readEnv({ WORKERS: '3' }).workers).toBe(3);
    expect(readEnv({ WORKERS: 'Auto' }).workers).toBeGreaterThanOrEqual(1);
  });

  it('runs no more workers with auto than it would allow written as a number', () => {
    expect(autoWorkers(128)).toBe(64);
    expect(autoWorkers(8)).toBe(8);
    expect(readEnv({ WORKERS: 'auto' }).workers).toBeLessThanOrEqual(64);
  });

  it('refuses an INSTANCE_ID that is too long once each worker adds -<n> to it, naming both', () => {
    const id = 'a'.repeat(63);
    expect(readEnv({ INSTANCE_ID: id }).instanceId).toBe(id);
    expect(problemsOf({ INSTANCE_ID: id, WORKERS: '2' })).toEqual([
      `INSTANCE_ID: expected at most 62 characters with WORKERS=2, since each worker adds -<n> to it (the longest, "${id}-2", has 65)`,
    ]);
    expect(problemsOf({ INSTANCE_ID: 'b'.repeat(62), WORKERS: '12' })).toEqual([
      expect.stringContaining('INSTANCE_ID: expected at most 61 characters with WORKERS=12'),
    ]);
    expect(readEnv({ INSTANCE_ID: 'b'.repeat(61), WORKERS: '12' }).instanceId).toHaveLength(61);
  });

  it('names WORKERS and the value when it is not a worker count', () => {
    expect(problemsOf({ WORKERS: '0' })).toEqual([
      'WORKERS: expected a number of worker processes 1-64 or auto, got "0"',
    ]);
    expect(problemsOf({ WORKERS: 'many' })).toEqual([
      'WORKERS: expected a number of worker processes 1-64 or auto, got "many"',
    ]);
  });

  it('reads the client-key switches in any case, and names a wrong mode', () => {
    expect(readEnv({ AUTH_MODE: 'Keys', ALLOW_UNAUTHENTICATED: 'yes' })).toMatchObject({
      authMode: 'keys',
      allowUnauthenticated: true,
    });
    expect(() => readEnv({ AUTH_MODE: 'on' })).toThrow('AUTH_MODE: expected off or keys, got "on"');
  });

  it('reads every variable it knows', () => {
    const env = readEnv({
      CLAUDE_PROXY_PORT: '8080',
      ADMIN_DASHBOARD_PORT: '8081',
      HOST: '0.0.0.0',
      ADMIN_TOKEN: 'admin-secret-token',
      DATA_DIR: '/var/lib/switchyard',
      REDIS_URL: 'redis://cache:6379/0',
      REDIS_PREFIX: 'team-a:',
      REDIS_DEADLINE_MS: '25',
      DATABASE_URL: 'postgres://gw:secret@db:5432/gateway',
      DATABASE_SCHEMA: 'gateway_eu',
      INSTANCE_ID: 'gw-1',
      REQUEST_LOG_BUFFER_ROWS: '500',
      LOG_LEVEL: 'DEBUG',
      LOG_PRETTY: '1',
      LOG_FORMAT: 'JSON',
      LOG_BODIES: 'true',
      GATEWAY_CONFIG: './conf/gateway.yaml',
      BODY_LIMIT_BYTES: '2048',
      STREAM_KEEPALIVE_MS: '5000',
    });
    expect(env).toMatchObject({
      proxyPort: 8080,
      adminPort: 8081,
      host: '0.0.0.0',
      adminToken: 'admin-secret-token',
      dataDir: '/var/lib/switchyard',
      redisUrl: 'redis://cache:6379/0',
      redisPrefix: 'team-a:',
      redisDeadlineMs: 25,
      databaseUrl: 'postgres://gw:secret@db:5432/gateway',
      databaseSchema: 'gateway_eu',
      instanceId: 'gw-1',
      requestLogBufferRows: 500,
      logLevel: 'debug',
      logPretty: true,
      logFormat: 'json',
      logBodies: true,
      gatewayConfigPath: './conf/gateway.yaml',
      bodyLimit: 2048,
      streamKeepaliveMs: 5000,
    });
  });

  it('treats empty values as unset, as docker compose passes them', () => {
    expect(readEnv({ CLAUDE_PROXY_PORT: '', LOG_LEVEL: ' ', ADMIN_TOKEN: '' })).toMatchObject({
      proxyPort: 3100,
      logLevel: 'info',
      adminToken: undefined,
    });
  });

  it('keeps the raw variables for ${VAR} expansion', () => {
    expect(readEnv({ OPENAI_API_KEY: 'sk-test' }).vars).toEqual({ OPENAI_API_KEY: 'sk-test' });
  });

  it('lists every bad value in one error, one per line', () => {
    const problems = problemsOf({
      CLAUDE_PROXY_PORT: '70000',
      ADMIN_DASHBOARD_PORT: 'abc',
      LOG_LEVEL: 'verbose',
      LOG_PRETTY: 'maybe',
      BODY_LIMIT_BYTES: '-5',
      REDIS_URL: 'http://user:pw@cache',
    });
    expect(problems).toEqual([
      'CLAUDE_PROXY_PORT: expected a port number 0-65535, got "70000"',
      'ADMIN_DASHBOARD_PORT: expected a port number 0-65535, got "abc"',
      'REDIS_URL: expected a redis:// or rediss:// URL',
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
      'LOG_PRETTY: expected true or false (1/0, yes/no also accepted), got "maybe"',
      'BODY_LIMIT_BYTES: expected a positive whole number, got "-5"',
    ]);
  });

  it('refuses a keepalive interval longer than a timer takes (Node would fire it every millisecond)', () => {
    expect(problemsOf({ STREAM_KEEPALIVE_MS: '3000000000' })).toEqual([
      'STREAM_KEEPALIVE_MS: expected a whole number of milliseconds from 1 to 2147483647, got "3000000000"',
    ]);
    expect(readEnv({ STREAM_KEEPALIVE_MS: '2147483647' }).streamKeepaliveMs).toBe(2147483647);
    // Redis commands give up at four deadlines: that product must still fit a timer.
    expect(problemsOf({ REDIS_DEADLINE_MS: '600000000' })).toEqual([
      'REDIS_DEADLINE_MS: expected a whole number of milliseconds from 1 to 536870911, got "600000000"',
    ]);
  });

  it('refuses a weak ADMIN_TOKEN, naming the rule but not the value', () => {
    for (const weak of ['a', 'short-token', 'aaaaaaaaaaaaaaaaaaaaaaaa', 'abababababababababab']) {
      const problems = problemsOf({ ADMIN_TOKEN: weak });
      expect(problems).toEqual([expect.stringMatching(/^ADMIN_TOKEN: too weak: use at least 16 characters/)]);
      expect(problems[0]).not.toContain(`"${weak}"`);
    }
    expect(readEnv({ ADMIN_TOKEN: 'admin-secret-token' }).adminToken).toBe('admin-secret-token');
  });

  it('keeps the admin port on loopback when HOST opens the proxy, unless ADMIN_HOST says otherwise', () => {
    expect(readEnv({ HOST: '0.0.0.0' })).toMatchObject({ host: '0.0.0.0', adminHost: '127.0.0.1' });
    expect(readEnv({ HOST: '::1' })).toMatchObject({ host: '::1', adminHost: '::1' });
    expect(readEnv({ HOST: '0.0.0.0', ADMIN_HOST: '0.0.0.0' }).adminHost).toBe('0.0.0.0');
  });

  it('reads ALLOWED_HOSTS as lower-case names and refuses URLs or ports', () => {
    expect(readEnv({ ALLOWED_HOSTS: ' Gateway.Example.com, *.tunnel.example ,,10.0.0.5' }).allowedHosts).toEqual([
      'gateway.example.com',
      '*.tunnel.example',
      '10.0.0.5',
    ]);
    expect(problemsOf({ ALLOWED_HOSTS: 'https://gw.example.com,gw.example.com:8080' })).toEqual([
      'ALLOWED_HOSTS: expected comma-separated host names without scheme or port (e.g. gateway.example.com,' +
        '*.tunnel.example), got "https://gw.example.com, gw.example.com:8080"',
    ]);
  });

  it('reads CORS_ORIGINS as the origins browsers send, or * alone', () => {
    expect(
      readEnv({ CORS_ORIGINS: ' HTTPS://Chat.Example.com/ , http://localhost:5173,https://a.example:443' }).corsOrigins,
    ).toEqual(['https://chat.example.com', 'http://localhost:5173', 'https://a.example']);
    expect(readEnv({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
  });

  it('refuses CORS_ORIGINS entries that are not bare web origins, and * among others', () => {
    expect(problemsOf({ CORS_ORIGINS: 'chat.example.com,https://a.example/app,file:///x,null' })).toEqual([
      'CORS_ORIGINS: expected comma-separated web origins, scheme and host without a path (e.g. https://chat.example.com,' +
        'http://localhost:5173), or * alone, got "chat.example.com, https://a.example/app, file:///x, null"',
    ]);
    expect(problemsOf({ CORS_ORIGINS: '*,https://a.example' })).toEqual([
      'CORS_ORIGINS: expected * alone (it already allows every origin), or a list of origins without it',
    ]);
  });

  it('takes DATABASE_SCHEMA only as a plain lower-case name, which is put in the search path as it is', () => {
    expect(problemsOf({ DATABASE_SCHEMA: 'gw; DROP TABLE requests' })).toEqual([
      'DATABASE_SCHEMA: expected a schema name of lower-case letters, digits and underscores, got "gw; DROP TABLE requests"',
    ]);
    expect(problemsOf({ DATABASE_SCHEMA: 'Gateway' })).toHaveLength(1);
    expect(readEnv({ DATABASE_SCHEMA: 'gateway_2' }).databaseSchema).toBe('gateway_2');
  });

  it('never echoes a connection URL, which may hold a password', () => {
    expect(problemsOf({ REDIS_URL: 'http://user:hunter2@cache' }).join('\n')).not.toContain('hunter2');
  });

  it('refuses the same port for the proxy and the admin UI', () => {
    expect(problemsOf({ CLAUDE_PROXY_PORT: '4000', ADMIN_DASHBOARD_PORT: '4000' })).toEqual([
      'ADMIN_DASHBOARD_PORT: must differ from CLAUDE_PROXY_PORT (both are 4000)',
    ]);
  });

  it('puts each problem on its own line of the message', () => {
    try {
      readEnv({ CLAUDE_PROXY_PORT: 'x', LOG_LEVEL: 'y' });
    } catch (error) {
      expect((error as Error).message.split('\n')).toEqual([
        'Invalid configuration (2 problems):',
        '  - CLAUDE_PROXY_PORT: expected a port number 0-65535, got "x"',
        '  - LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "y"',
      ]);
    }
    expect.assertions(1);
  });

  it('agrees with the defaults written in the shipped .env.example', () => {
    const lines = readFileSync('.env.example', 'utf8').split('\n');
    const vars = Object.fromEntries(
      lines.filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    // The instance id is random per process unless set, so it is compared as set.
    const fixed = { INSTANCE_ID: 'gw-1' };
    expect({ ...readEnv({ ...vars, ...fixed }), vars: {} }).toEqual({ ...readEnv(fixed), vars: {} });
  });
});
