import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { MOCK_CONFIG } from './admin-client.js';

/** Where each port listens when the proxy is opened to other machines. */

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
