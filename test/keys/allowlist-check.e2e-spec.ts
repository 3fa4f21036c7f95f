import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminFetch, adminJson } from '../admin/admin-client.js';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { issueKey } from './key-admin.js';

/** A key whose allowlist names a model the gateway does not have is pointed out, in the admin API and at start. */

/** Two starts, each of which can take a while on a busy machine. */
const T = 60_000;
const config = {
  providers: { mock: { type: 'mock' } },
  models: [{ name: 'demo', provider: 'mock', upstream_model: 'demo' }],
};

interface KeySeen {
  id: string;
  unmatchedModels: string[];
}

describe('allowlist entries matching no model', () => {
  let dataDir: string;
  let gateway: RunningGateway | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchyard-allowlist-'));
  });
  afterAll(async () => {
    await gateway?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, T);

  it(
    'are shown with the key by the admin API, then named in one line for it at the next start',
    async () => {
      gateway = await startGateway({ config, env: { DATA_DIR: dataDir } });
      const key = await issueKey(gateway, { name: 'typo', allowed_models: ['demo', 'dmeo', 'gpt-9*'] });
      await issueKey(gateway, { name: 'fine', allowed_models: ['dem*'] });

      const listed = await adminJson<{ keys: KeySeen[] }>(gateway, '/admin/api/keys');
      expect(listed.keys.find((k) => k.id === key.id)?.unmatchedModels).toEqual(['dmeo', 'gpt-9*']);
      expect(listed.keys.filter((k) => k.unmatchedModels.length > 0)).toHaveLength(1);
      const edited = await adminFetch(gateway, `/admin/api/keys/${key.id}`, {
        method: 'POST',
        body: { allowed_models: ['demo', 'gpt-9*'] },
      });
      expect(((await edited.json()) as KeySeen).unmatchedModels).toEqual(['gpt-9*']);
      await gateway.stop();

      gateway = await startGateway({ config, env: { DATA_DIR: dataDir } });
      // Log lines are JSON here, so the quotes around each entry come escaped.
      await gateway.waitForLog('matches no configured model');
      const lines = gateway
        .logs()
        .split('\n')
        .filter((l) => l.includes('allowed_models'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(key.id);
      expect(lines[0]).toContain('gpt-9*');
      expect(gateway.logs()).not.toContain(key.secret);
    },
    T,
  );
});
