import { GatewayError } from '#src/core/gateway-error.js';
import type { AllowlistCheck } from '#src/keys/allowlist-check.js';
import type { AuthModeState } from '#src/keys/auth-mode.js';
import type { KeyService } from '#src/keys/key.service.js';
import { AdminKeysController } from './admin-keys.controller.js';

function setup() {
  let spendSums = 0;
  const keys = {
    list: async () => [{ id: 'k1', name: 'one' }],
    spendInPeriods: async () => {
      spendSums++;
      return new Map([['k1', { requests: 2, tokens: 30, usd: 0.5, unpricedRequests: 0 }]]);
    },
  } as unknown as KeyService;
  const allowlists = { view: (k: object) => ({ ...k, unmatchedModels: [] }) } as unknown as AllowlistCheck;
  const controller = new AdminKeysController(keys, { mode: 'keys' } as AuthModeState, allowlists);
  return { controller, sums: () => spendSums };
}

describe('GET /admin/api/keys', () => {
  it('lists keys with their period spend by default', async () => {
    const { controller, sums } = setup();
    const view = await controller.list({});
    expect(view.keys[0]).toMatchObject({ id: 'k1', spend: { requests: 2 } });
    expect(sums()).toBe(1);
  });

  it('lists keys without spend, and without summing it, when asked with spend=0', async () => {
    const { controller, sums } = setup();
    const view = await controller.list({ spend: '0' });
    expect(view).toEqual({ mode: 'keys', keys: [{ id: 'k1', name: 'one', unmatchedModels: [] }] });
    expect(sums()).toBe(0);
  });

  it('refuses another value of spend, naming it', async () => {
    const { controller } = setup();
    const refused = await controller.list({ spend: 'no' }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(GatewayError);
    expect((refused as GatewayError).message).toContain('spend');
  });
});
