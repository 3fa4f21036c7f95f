import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway } from '../support/gateway-process.js';

const T = 20_000;

const MOCK_ONLY = {
  providers: { mock: { type: 'mock' } },
  models: [{ name: 'demo', provider: 'mock', upstream_model: 'demo' }],
  routing: { default: ['demo'] },
};

describe('shutdown', () => {
  let profileDir: string;

  beforeEach(() => {
    profileDir = mkdtempSync(join(tmpdir(), 'switchyard-cpu-prof-'));
  });

  afterEach(() => rmSync(profileDir, { recursive: true, force: true }));

  // The benches profile gateways this way: started with --cpu-prof, stopped with SIGTERM.
  it(
    'still writes a --cpu-prof profile when the gateway is stopped with SIGTERM',
    async () => {
      const gateway = await startGateway({
        config: MOCK_ONLY,
        nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
      });
      await gateway.stop();
      expect(readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'))).toHaveLength(1);
    },
    T,
  );
});
