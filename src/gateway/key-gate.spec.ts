import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ChatRequest } from '#src/core/chat.types.js';
import { isGatewayError } from '#src/core/gateway-error.js';
import { clientKeyHook } from '#src/dialects/client-key.hook.js';
import type { ClientKeyAuth } from '#src/keys/client-key-auth.js';
import { KeyHolders } from '#src/keys/key-holders.js';
import { aClientKey, aHolder, temporaryAdmission } from '#src/keys/keys.spec-support.js';
import { PriceBook } from '#src/observability/cost.js';
import { ModelCatalog } from '#src/catalog/model-catalog.js';
import { WeightsService } from '#src/catalog/weights.service.js';
import { KeyGate } from './key-gate.js';
import { aConfig, aModel } from '../../test/factories/gateway-config.factory.js';
import { ManualClock } from '../../test/factories/manual-clock.js';

const config = aConfig([aModel('demo')]);
const catalog = new ModelCatalog(
  config,
  new WeightsService(config, { load: () => ({}), save: async () => undefined, history: async () => [] }),
);
const holder = aHolder(aClientKey({ id: 'key_a', name: 'ci', limits: { rpm: 1 } }));

const aRequest = (): ChatRequest => ({
  model: 'demo',
  stream: false,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
});

function reply() {
  const sent: Record<string, string> = {};
  const sink = { sent, header: (name: string, value: string) => (sent[name] = value) };
  return sink as typeof sink & FastifyReply;
}

describe('KeyGate', () => {
  let removeAdmission: () => Promise<void>;
  let clock: ManualClock;
  let holders: KeyHolders;
  let gate: KeyGate;

  beforeEach(async () => {
    // 10 s into a minute.
    clock = new ManualClock(Date.UTC(2025, 0, 15, 12, 0, 10));
    const { admission, remove } = await temporaryAdmission('key-gate-', clock, new PriceBook({ models: [] }));
    removeAdmission = remove;
    holders = new KeyHolders();
    gate = new KeyGate(holders, admission, catalog);
  });

  afterEach(() => removeAdmission());

  /** A request as the proxy's key check leaves it: its key found as it arrived, before its body. */
  function arrive(): FastifyRequest {
    const auth = { enabled: true, authenticate: () => holder } as unknown as ClientKeyAuth;
    const path = '/v1/chat/completions';
    const req = { url: path, routeOptions: { url: path }, headers: {} } as unknown as FastifyRequest;
    clientKeyHook(auth, holders)(req, reply(), () => undefined);
    return req;
  }

  it('counts a request whose body took longer than its minute in the minute it is admitted in', async () => {
    // Its key is checked as it arrives, in the first minute, and that minute's one request goes by.
    const slow = arrive();
    await gate.admit(arrive(), reply(), aRequest(), 'openai');
    // The next minute's one request is admitted before the slow body is in.
    clock.advance(65_000);
    await gate.admit(arrive(), reply(), aRequest(), 'openai');

    const answer = reply();
    // Refused within the call with counters in memory, by a promise with shared ones.
    const err = await Promise.resolve()
      .then(() => gate.admit(slow, answer, aRequest(), 'openai'))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isGatewayError(err) && err.status).toBe(429);
    // Retry after what is left of the minute under way (12:01:15 now), not of the one it arrived in.
    expect(answer.sent).toMatchObject({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '45s' });
  });
});
