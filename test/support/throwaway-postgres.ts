import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** The machine's PostgreSQL binaries (`/usr/lib/postgresql/<version>/bin`), newest version first. */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => join(root, v, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
  if (found === undefined) throw new Error(`no PostgreSQL binaries under ${root}`);
  return found;
}

/** initdb and postgres refuse to run as root: then they run as the `postgres` system user. */
function asServerUser(bin: string, args: string[]): [string, string[]] {
  return userInfo().uid === 0 ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

export interface ThrowawayPostgres {
  url: string;
  /** Stops the server (fast shutdown: connections are cut); its data stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

/** A PostgreSQL cluster of a test's own, in a temp dir on a free port, with trust auth. */
export async function throwawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-pg-'));
  const data = join(dir, 'data');
  if (userInfo().uid === 0) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  chmodSync(dir, 0o700);
  const [initdb, initArgs] = asServerUser(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust']);
  execFileSync(initdb, initArgs, { stdio: 'ignore' });
  const port = await freePort();
  let server: ChildProcess | undefined;

  const start = async () => {
    const [postgres, args] = asServerUser(join(bin, 'postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
    ]);
    server = spawn(postgres, args, { stdio: 'ignore' });
    await waitUntilAccepting(bin, port);
  };
  const stop = async () => {
    const running = server;
    if (running === undefined || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    // A fast shutdown: open connections are cut, as in an outage.
    const [pgCtl, args] = asServerUser(join(bin, 'pg_ctl'), ['-D', data, 'stop', '-m', 'fast', '-w']);
    execFileSync(pgCtl, args, { stdio: 'ignore' });
    await exited;
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilAccepting(bin: string, port: number): Promise<void> {
  const giveUpAt = Date.now() + 20_000;
  while (Date.now() < giveUpAt) {
    try {
      execFileSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-q']);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`the throwaway PostgreSQL on port ${port} did not accept connections in time`);
}
