import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { requestWithHost } from '../support/host-request.js';
import { MOCK_CONFIG } from './admin-client.js';

/** Where each port listens when the proxy is opened to other machines, and what the Docker image sets. */

const T = 30_000;

/**
 * An address of this machine only a wildcard bind takes: a socket bound to 127.0.0.1 refuses it,
 * as it refuses the machine's network address.
 */
const OTHER_ADDRESS = '127.0.0.2';

function at(url: string, host: string): string {
  const moved = new URL(url);
  moved.hostname = host;
  return moved.origin;
}

/** Whether anything accepts a connection at `url`: a refused connection is a fetch failure. */
async function answers(url: string, path: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}${path}`);
    await res.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

const BIND_SETTINGS = ['HOST', 'ADMIN_HOST', 'ALLOWED_HOSTS', 'AUTH_MODE'] as const;

/** The `ENV` settings of the Dockerfile's last stage (the image), continuation lines joined. */
function imageEnv(): Record<string, string> {
  const text = readFileSync('Dockerfile', 'utf8').replace(/\\\n\s*/g, ' ');
  const lastStage = text.slice(text.lastIndexOf('\nFROM '));
  const pairs = [...lastStage.matchAll(/^ENV (.+)$/gm)].flatMap((m) => m[1].trim().split(/\s+/));
  return Object.fromEntries(pairs.map((pair) => pair.split('=', 2)));
}

/**
 * The bind settings a compose service's gateway starts with: the image's, then the service's own,
 * with `${VAR:-default}` read as when `.env` leaves VAR empty (as `.env.example` does).
 */
function composeBindSettings(service: string): Record<string, string> {
  const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
    services: Record<string, { environment?: Record<string, string> }>;
  };
  const own = Object.entries(compose.services[service].environment ?? {}).map(([name, value]) => [
    name,
    value.replace(/\$\{\w+:-([^}]*)\}/g, '$1'),
  ]);
  const env: Record<string, string> = { ...imageEnv(), ...Object.fromEntries(own) };
  return Object.fromEntries(BIND_SETTINGS.filter((name) => env[name] !== undefined).map((name) => [name, env[name]]));
}

describe('a gateway whose proxy listens on every address (HOST=0.0.0.0)', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({ config: MOCK_CONFIG, env: { HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED: 'true' } });
  }, T);
  afterAll(() => gateway?.stop(), T);

  it('keeps the admin port on loopback unless ADMIN_HOST says otherwise', async () => {
    expect(await answers(at(gateway.url, OTHER_ADDRESS), '/health/live')).toBe(true);
    expect(await answers(at(gateway.adminUrl, OTHER_ADDRESS), '/')).toBe(false);
    expect(await answers(gateway.adminUrl, '/')).toBe(true);
  });
});

describe('the Docker image’s settings, as docker-compose.yml runs them', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    // Nothing else: `docker compose up -d` with no key and no .env must start, not restart forever.
    gateway = await startGateway({ config: MOCK_CONFIG, env: composeBindSettings('gateway') });
  }, T);
  afterAll(() => gateway?.stop(), T);

  it('are the cluster gateways’ too', () => {
    expect(composeBindSettings('gateway-a')).toEqual(composeBindSettings('gateway'));
    expect(composeBindSettings('gateway-b')).toEqual(composeBindSettings('gateway'));
  });

  it('open both ports to the published connections, which arrive from outside the container’s loopback', async () => {
    expect(await answers(at(gateway.url, OTHER_ADDRESS), '/health/live')).toBe(true);
    expect(await answers(at(gateway.adminUrl, OTHER_ADDRESS), '/')).toBe(true);
  });

  it('keep the Host check on: a DNS-rebinding name is refused on both ports, a loopback name answered', async () => {
    for (const url of [gateway.url, gateway.adminUrl]) {
      expect((await requestWithHost(url, '/health/live', 'evil.example')).status).toBe(421);
      expect((await requestWithHost(url, '/health/live', `localhost:${new URL(url).port}`)).status).not.toBe(421);
    }
  });
});
