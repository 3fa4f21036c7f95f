import { execFile, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from '../support/free-port.js';
import { TEST_ADMIN_TOKEN } from '../support/gateway-process.js';

const run = promisify(execFile);

/** Starts `dist/main.js` with this gateway.yaml and environment; it is expected to refuse. */
async function refusedStart(yaml: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-e2e-'));
  try {
    writeFileSync(join(dir, 'gateway.yaml'), yaml);
    const started = run(process.execPath, [resolve(process.cwd(), 'dist/main.js')], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        GATEWAY_CONFIG: join(dir, 'gateway.yaml'),
        DATA_DIR: join(dir, 'data'),
        ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        ...env,
      },
    });
    const failure = (await started.then(
      () => undefined,
      (err: unknown) => err,
    )) as { code?: number; stderr?: string } | undefined;
    return { code: failure?.code, stderr: failure?.stderr ?? '' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a start with a broken configuration', () => {
  it('ends with every problem of the file listed, one a line', async () => {
    const { code, stderr } = await refusedStart('providers:\n  x:\n    type: nope\n');
    expect(code).toBe(1);
    expect(stderr).toContain('the configuration has 2 problem(s)');
    expect(stderr).toMatch(/- .*gateway\.yaml: models: required/);
    expect(stderr).toMatch(/- .*gateway\.yaml: providers\.x\.type: expected one of/);
  }, 20_000);

  it('names the setting when the environment is wrong', async () => {
    const { code, stderr } = await refusedStart('models: []\n', { CLAUDE_PROXY_PORT: 'eighty' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/- CLAUDE_PROXY_PORT: /);
  }, 20_000);
});

describe('a configuration handed over as standard input', () => {
  it('is read and served from, though only the gateway process can read its stdin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-e2e-'));
    const [port, adminPort] = await freePorts(2);
    // A model no built-in default has, so the list shows the text was read.
    writeFileSync(
      join(dir, 'gateway.yaml'),
      'providers:\n  mock:\n    type: mock\nmodels:\n  - { name: piped-model, provider: mock, upstream_model: demo }\nrouting: { default: [piped-model] }\n',
    );
    // As `node dist/main.js < gateway.yaml`: the file is the gateway process's stdin, no one else's.
    const stdin = openSync(join(dir, 'gateway.yaml'), 'r');
    const child = spawn(process.execPath, [resolve(process.cwd(), 'dist/main.js')], {
      stdio: [stdin, 'ignore', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        HOST: '127.0.0.1',
        CLAUDE_PROXY_PORT: String(port),
        ADMIN_DASHBOARD_PORT: String(adminPort),
        GATEWAY_CONFIG: '/dev/stdin',
        DATA_DIR: join(dir, 'data'),
        ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      },
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const ended = new Promise((resolve) => child.once('exit', resolve));
    closeSync(stdin);
    try {
      const models = await firstAnswer(`http://127.0.0.1:${port}/v1/models`, ended);
      if (models === undefined) throw new Error(`the gateway ended without serving:\n${stderr}`);
      expect((models as { data: Array<{ id: string }> }).data.map((m) => m.id)).toContain('piped-model');
    } finally {
      child.kill('SIGTERM');
      await ended;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

/** The JSON of the first answer `url` gives, or undefined once the process has ended without one. */
async function firstAnswer(url: string, ended: Promise<unknown>): Promise<unknown> {
  let over = false;
  void ended.then(() => (over = true));
  while (!over) {
    const answer = await fetch(url).then(
      (res) => (res.ok ? res.json() : undefined),
      () => undefined,
    );
    if (answer !== undefined) return answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return undefined;
}
