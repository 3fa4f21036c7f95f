import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { request } from 'undici';
import { adminJson, eventually, MOCK_CONFIG } from '../admin/admin-client.js';
import { freePorts } from '../support/free-port.js';
import { startGateway, TEST_ADMIN_TOKEN, type RunningGateway } from '../support/gateway-process.js';
import { issueKey } from '../keys/key-admin.js';

/** `WORKERS=2`: one supervisor, two gateway processes on the same ports and the same DATA_DIR. */

const T = 40_000;
/** Two workers start side by side: on a busy machine the pair takes a while. */
const READY_WITHIN_MS = 60_000;
const run = promisify(execFile);

interface RowSeen {
  request_id: string;
  instance: string;
}

/** A chat call on a connection of its own, so the cluster may hand it to either worker. */
async function chatOnNewConnection(gateway: RunningGateway, text: string, key?: string): Promise<number> {
  const res = await request(`${gateway.url}/api/chat`, {
    method: 'POST',
    reset: true,
    headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { authorization: `Bearer ${key}` }) },
    body: JSON.stringify({ messages: [{ role: 'user', content: text }] }),
  });
  await res.body.dump();
  return res.statusCode;
}

describe('two workers on one machine (WORKERS=2)', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({
      config: MOCK_CONFIG,
      env: { WORKERS: '2', INSTANCE_ID: 'gw' },
      readyTimeoutMs: READY_WITHIN_MS,
    });
  }, READY_WITHIN_MS + T);

  afterAll(() => gateway?.stop(), T);

  it(
    'serves from both workers, each under its own instance id, into one request log',
    async () => {
      const instances = await eventually(
        'requests served by both workers',
        async () => {
          for (let i = 0; i < 4; i++) expect(await chatOnNewConnection(gateway, `hello ${i}`)).toBe(200);
          const page = await adminJson<{ items: RowSeen[] }>(gateway, '/admin/api/requests');
          const seen = new Set(page.items.map((r) => r.instance));
          return seen.size >= 2 ? [...seen].sort() : undefined;
        },
        20_000,
      );
      expect(instances).toEqual(['gw-1', 'gw-2']);
    },
    T,
  );

  it(
    'asks every worker for a client key once the first key is created, whichever worker created it',
    async () => {
      // No mode set and no key yet: both workers serve without one (the test above).
      const { secret } = await issueKey(gateway, { name: 'first' });
      // Each call on a new connection may reach either worker: six in a row cover both.
      await eventually('every worker refusing a call without a key', async () => {
        const statuses = [];
        for (let i = 0; i < 6; i++) statuses.push(await chatOnNewConnection(gateway, `no key ${i}`));
        return statuses.every((s) => s === 401) ? statuses : undefined;
      });
      for (let i = 0; i < 4; i++) expect(await chatOnNewConnection(gateway, `with key ${i}`, secret)).toBe(200);
    },
    T,
  );

  it(
    'stops every worker on SIGTERM, leaving nothing on the ports',
    async () => {
      await gateway.stop();
      await expect(fetch(`${gateway.url}/health/live`)).rejects.toThrow();
      await expect(fetch(`${gateway.adminUrl}/health/live`)).rejects.toThrow();
    },
    T,
  );
});

describe('workers whose proxy port is taken', () => {
  it(
    'stop with the reason rather than being replaced forever',
    async () => {
      // The admin port listens first: a worker must not count as serving until the proxy port does too.
      const holder = createServer();
      await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
      const taken = (holder.address() as AddressInfo).port;
      const [adminPort] = await freePorts(1);
      const dir = mkdtempSync(join(tmpdir(), 'switchyard-e2e-'));
      try {
        writeFileSync(join(dir, 'gateway.yaml'), stringify(MOCK_CONFIG));
        // Workers replaced forever would keep it running: the run's own limit then ends it, without the line.
        const ended = await run(process.execPath, [resolve(process.cwd(), 'dist/main.js')], {
          timeout: 30_000,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: dir,
            WORKERS: '2',
            HOST: '127.0.0.1',
            CLAUDE_PROXY_PORT: String(taken),
            ADMIN_DASHBOARD_PORT: String(adminPort),
            GATEWAY_CONFIG: join(dir, 'gateway.yaml'),
            DATA_DIR: join(dir, 'data'),
            ADMIN_TOKEN: TEST_ADMIN_TOKEN,
            LOG_FORMAT: 'json',
          },
        }).then(
          () => ({ code: 0, stdout: '' }),
          (err: { code?: number; stdout?: string }) => ({ code: err.code, stdout: err.stdout ?? '' }),
        );
        expect(ended.code).toBe(1);
        expect(ended.stdout).toContain('gateway worker exited before it was serving; stopping all workers');
      } finally {
        await new Promise((done) => holder.close(done));
        rmSync(dir, { recursive: true, force: true });
      }
    },
    T,
  );
});

describe('a worker replaced after gateway.yaml was broken (WORKERS=2)', () => {
  it(
    'leaves the other worker serving and tries the replacement again until the file is fixed',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'switchyard-e2e-'));
      const configFile = join(dir, 'gateway.yaml');
      writeFileSync(configFile, stringify(MOCK_CONFIG));
      const gateway = await startGateway({
        config: MOCK_CONFIG,
        env: { WORKERS: '2', INSTANCE_ID: 'gw', GATEWAY_CONFIG: configFile, LOG_FORMAT: 'json' },
        readyTimeoutMs: READY_WITHIN_MS,
      });
      try {
        await gateway.waitForLog('every gateway worker is serving', READY_WITHIN_MS);
        // The workers' own lines (not the supervisor's) carry their process ids.
        const workerPids = new Set<number>();
        for (const line of gateway.logs().split('\n')) {
          if (!line.startsWith('{')) continue;
          const entry = JSON.parse(line) as { pid?: number; context?: string };
          if (entry.pid !== undefined && entry.context !== 'cluster') workerPids.add(entry.pid);
        }
        expect(workerPids.size).toBe(2);
        writeFileSync(configFile, 'providers: [not, a, map\n');
        process.kill([...workerPids][0], 'SIGKILL');

        await gateway.waitForLog('replacement gateway worker exited before it was serving; trying again', T / 2);
        expect(gateway.logs()).toContain('Switchyard cannot start');
        for (let i = 0; i < 4; i++) expect(await chatOnNewConnection(gateway, `still here ${i}`)).toBe(200);

        writeFileSync(configFile, stringify(MOCK_CONFIG));
        await eventually(
          'the replacement serving once gateway.yaml is valid again',
          () => Promise.resolve(gateway.logs().split('every gateway worker is serving').length > 2 || undefined),
          T / 2,
        );
      } finally {
        await gateway.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    READY_WITHIN_MS + T,
  );
});

describe('workers started with no admin token yet (WORKERS=2)', () => {
  it(
    'print the generated token’s login link once',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'switchyard-e2e-'));
      const gateway = await startGateway({
        config: MOCK_CONFIG,
        env: { WORKERS: '2', ADMIN_TOKEN: '', DATA_DIR: join(dir, 'data'), LOG_FORMAT: 'json' },
        readyTimeoutMs: READY_WITHIN_MS,
      });
      try {
        await gateway.waitForLog('every gateway worker is serving', READY_WITHIN_MS);
        const token = readFileSync(join(dir, 'data', 'admin-token'), 'utf8').trim();
        const link = `Admin UI: ${gateway.adminUrl}/?token=${token}`;
        await gateway.waitForLog(link, T / 2);
        expect(gateway.logs().split(link)).toHaveLength(2);
      } finally {
        await gateway.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    READY_WITHIN_MS + T,
  );
});
