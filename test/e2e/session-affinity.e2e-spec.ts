import { randomUUID } from 'node:crypto';
import { fakeKits } from '../fakes/fake-kits.js';
import type { FakeUpstream } from '../fakes/fake-upstream.js';
import { asRecord } from '../fakes/fake-json.js';
import { startFake, tally, vendorProvider, VENDOR_MODEL } from '../support/fake-providers.js';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { postChat } from '../support/requests.js';

/**
 * Session affinity: the turns of a Claude Code session stay on the deployment that answered the
 * first, move once when it fails and stay on the new one; other sessions are balanced on their own.
 */

const T = 30_000;
const MODEL = 'claude-sonnet';

/** What Claude Code sends each turn: its session header and betas, the history so far, streaming. */
function claudeCodeTurn(gateway: RunningGateway, session: string, turn: number): Promise<Response> {
  const messages = Array.from({ length: turn }, (_, i) => [
    { role: 'user', content: [{ type: 'text', text: `step ${i + 1}: keep refactoring the parser` }] },
    ...(i + 1 < turn ? [{ role: 'assistant', content: [{ type: 'text', text: `done with step ${i + 1}` }] }] : []),
  ]).flat();
  return postChat(
    gateway.url,
    'anthropic',
    {
      model: MODEL,
      max_tokens: 256,
      stream: true,
      system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }],
      metadata: { user_id: `user_abc_account__session_${session}` },
      messages,
    },
    { headers: { 'x-claude-code-session-id': session, 'anthropic-beta': 'claude-code-20250219', 'x-app': 'cli' } },
  );
}

describe('session affinity', () => {
  let fakes: FakeUpstream[];
  let openai: FakeUpstream;
  let gateway: RunningGateway;

  beforeAll(async () => {
    fakes = [await startFake('anthropic'), await startFake('anthropic')];
    openai = await startFake('openai');
    gateway = await startGateway({
      config: {
        providers: {
          east: vendorProvider('anthropic', fakes[0].url),
          west: vendorProvider('anthropic', fakes[1].url),
          oa: vendorProvider('openai', openai.url),
        },
        models: [
          {
            name: MODEL,
            deployments: [
              { provider: 'east', upstream_model: VENDOR_MODEL.anthropic, weight: 1 },
              { provider: 'west', upstream_model: VENDOR_MODEL.anthropic, weight: 1 },
            ],
          },
          { name: 'gpt', provider: 'oa', upstream_model: VENDOR_MODEL.openai },
        ],
        routing: { default: [MODEL] },
        fallback: { max_attempts: 2, breaker: { failures: 1000, cooldown_ms: 0, failure_rate: 1, min_requests: 1000 } },
      },
    });
  }, T);
  afterAll(async () => {
    await gateway?.stop();
    await Promise.all([...(fakes ?? []), openai].filter(Boolean).map((f) => f.close()));
  }, T);
  beforeEach(() => [...fakes, openai].forEach((f) => f.reset()));

  /** Runs one turn and says which deployment answered and what the route header said. */
  async function turn(session: string, n: number): Promise<{ provider: string; route: string }> {
    const res = await claudeCodeTurn(gateway, session, n);
    await res.text();
    expect(res.status).toBe(200);
    return {
      provider: res.headers.get('x-switchyard-provider') ?? '',
      route: res.headers.get('x-switchyard-route') ?? '',
    };
  }

  it(
    'keeps a 10-turn session on one deployment, moves it once that deployment fails, and keeps it there',
    async () => {
      const session = randomUUID();
      const first = await turn(session, 1);
      expect(first.route).toBe('explicit;affinity=new');
      const later = [];
      for (let n = 2; n <= 10; n++) later.push(await turn(session, n));
      expect(later.map((t) => t.provider)).toEqual(Array(9).fill(first.provider));
      expect(later.every((t) => t.route === 'explicit;affinity=kept')).toBe(true);

      const [pinnedFake, otherFake] = first.provider === 'east' ? fakes : [fakes[1], fakes[0]];
      pinnedFake.script({ status: 529, json: fakeKits.anthropic.errorBody(529, 'Overloaded') });
      const failover = await turn(session, 11);
      expect(failover.provider).not.toBe(first.provider);
      expect(failover.route).toBe('explicit;affinity=moved');

      const afterwards = [];
      for (let n = 12; n <= 15; n++) afterwards.push(await turn(session, n));
      expect(afterwards.map((t) => t.provider)).toEqual(Array(4).fill(failover.provider));
      expect(pinnedFake.calls).toBe(11);
      expect(otherFake.calls).toBe(5);
    },
    T,
  );

  it(
    'balances each new session on its own, and each then keeps its deployment',
    async () => {
      const sessions = Array.from({ length: 12 }, () => randomUUID());
      const firsts = [];
      for (const s of sessions) firsts.push((await turn(s, 1)).provider);
      expect(Object.keys(tally(firsts)).sort()).toEqual(['east', 'west']);
      for (const [i, s] of sessions.entries()) expect((await turn(s, 2)).provider).toBe(firsts[i]);
    },
    T,
  );

  it(
    'hands the session to an OpenAI upstream as prompt_cache_key',
    async () => {
      const session = randomUUID();
      const res = await postChat(
        gateway.url,
        'anthropic',
        { model: 'gpt', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] },
        { headers: { 'x-claude-code-session-id': session } },
      );
      expect(res.status).toBe(200);
      expect(asRecord(openai.lastChat().body).prompt_cache_key).toBe(session);
    },
    T,
  );
});
