import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSettings } from './settings-reader.js';

/** Whether a process of that id still runs (a killed child is reaped by Node soon after). */
function runs(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until `condition` holds, or `withinMs` has passed. */
async function settle(condition: () => boolean, withinMs: number): Promise<void> {
  const end = Date.now() + withinMs;
  while (!condition() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('readSettings', () => {
  let dir: string;

  /** A stand-in for settings.worker.js: writes its process id, then runs `body` on the ask. */
  const worker = (body: string): string => {
    const path = join(dir, `worker-${Math.random().toString(36).slice(2)}.mjs`);
    writeFileSync(
      path,
      `import { writeFileSync } from 'node:fs';\n` +
        `writeFileSync(${JSON.stringify(join(dir, 'pid'))}, String(process.pid));\n` +
        `process.once('message', (ask) => { ${body} });\n`,
    );
    return path;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-settings-reader-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the settings the reading process answers with', async () => {
    const answering = worker(`process.send({ settings: { read: ask.vars.GATEWAY_CONFIG }, secrets: [] });`);

    const settings = await readSettings({ GATEWAY_CONFIG: '/etc/switchyard/gateway.yaml' }, { worker: answering });

    expect(settings).toEqual({ read: '/etc/switchyard/gateway.yaml' });
  });

  it('stops a reading process that never answers and fails, naming what took too long', async () => {
    // Keeps running and never answers.
    const stuck = worker('setInterval(() => undefined, 60_000);');

    await expect(
      // Long enough for a node process to start on a busy machine and say who it is.
      readSettings({ GATEWAY_CONFIG: '/etc/switchyard/gateway.yaml' }, { worker: stuck, withinMs: 3_000 }),
    ).rejects.toThrow(
      'reading the settings (the environment and /etc/switchyard/gateway.yaml) took longer than 3 s, ' +
        'and the process reading them was stopped',
    );
    const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    await settle(() => !runs(pid), 2_000);
    expect(runs(pid)).toBe(false);
  });
});
