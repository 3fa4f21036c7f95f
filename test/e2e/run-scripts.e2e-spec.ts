import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from '../support/free-port.js';
import { TEST_ADMIN_TOKEN } from '../support/gateway-process.js';

const run = promisify(execFile);
const T = 60_000;

/**
 * `start_proxy_system.sh` and `stop_proxy_system.sh` as a user runs them, from a folder of their
 * own beside the built gateway (its dist/, node_modules/ and admin UI linked in), with settings
 * in that folder's `.env` as README suggests.
 */
describe('the start and stop scripts', () => {
  let dir: string;
  let port: number;

  const script = async (name: string) => {
    const { stdout } = await run('bash', [join(dir, name)], {
      timeout: 45_000,
      env: { PATH: process.env.PATH ?? '', HOME: dir },
    });
    return stdout;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-scripts-'));
    for (const name of ['start_proxy_system.sh', 'stop_proxy_system.sh']) copyFileSync(name, join(dir, name));
    for (const name of ['dist', 'node_modules', 'package.json']) symlinkSync(resolve(name), join(dir, name));
    mkdirSync(join(dir, 'admin-ui'));
    symlinkSync(resolve('admin-ui/dist'), join(dir, 'admin-ui/dist'));
    const [proxy, admin] = await freePorts(2);
    port = proxy;
    writeFileSync(
      join(dir, '.env'),
      [
        // The gateway reads a value up to an inline comment; so must the scripts.
        `CLAUDE_PROXY_PORT=${proxy} # the port apps send prompts to`,
        `export ADMIN_DASHBOARD_PORT="${admin}"`,
        `DATA_DIR='./state' # pid file and logs`,
        `ADMIN_TOKEN=${TEST_ADMIN_TOKEN}`,
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await script('stop_proxy_system.sh').catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }, T);

  it(
    'start the gateway on the port and data folder .env names, and stop it',
    async () => {
      expect(await script('start_proxy_system.sh')).toContain(`Switchyard is up on http://127.0.0.1:${port}`);
      const live = await fetch(`http://127.0.0.1:${port}/health/live`);
      expect(live.status).toBe(200);
      expect(await script('stop_proxy_system.sh')).toMatch(/Switchyard stopped \(pid \d+\)/);
      await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
    },
    T,
  );

  it(
    'leave alone a process that took over the number of a gateway gone without stopping',
    async () => {
      const bystander = spawn('sleep', ['30'], { stdio: 'ignore' });
      try {
        mkdirSync(join(dir, 'state'), { recursive: true });
        writeFileSync(join(dir, 'state/switchyard.pid'), String(bystander.pid));
        expect(await script('stop_proxy_system.sh')).toContain(`stale pid ${bystander.pid}`);
        // Still running, not a zombie waiting to be reaped: a signal sent to it would have ended it.
        const { stdout: state } = await run('ps', ['-o', 'stat=', '-p', String(bystander.pid)]);
        expect(state.trim()).toMatch(/^S/);
        // Start does not take it for a running gateway either.
        writeFileSync(join(dir, 'state/switchyard.pid'), String(bystander.pid));
        expect(await script('start_proxy_system.sh')).toContain('Switchyard is up');
      } finally {
        bystander.kill();
      }
    },
    T,
  );
});
