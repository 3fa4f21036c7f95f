import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
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
