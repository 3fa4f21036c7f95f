import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { adminFetch, adminJson, MOCK_CONFIG } from './admin-client.js';

/** The audit trails of keys and of weights name the same operator the same way. */

const T = 30_000;

describe('who the audit trails say made a change', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({ config: MOCK_CONFIG });
  }, T);
  afterAll(() => gateway?.stop(), T);

  it('names the admin API caller alike in the key audit and in the weight history', async () => {
    const created = await adminFetch(gateway, '/admin/api/keys', { method: 'POST', body: { name: 'audited' } });
    expect(created.status).toBe(200);
    const weights = await adminFetch(gateway, '/admin/api/weights', { method: 'POST', body: { weights: { demo: 3 } } });
    expect(weights.status).toBe(200);

    const keyAudit = await adminJson<Array<{ action: string; actor: string }>>(gateway, '/admin/api/keys/audit');
    const history = await adminJson<{ items: Array<{ actor: string }> }>(gateway, '/admin/api/weights/history');
    expect(keyAudit[0]).toMatchObject({ action: 'create', actor: 'admin ui (127.0.0.1)' });
    expect(history.items[0].actor).toBe(keyAudit[0].actor);
  });
});
