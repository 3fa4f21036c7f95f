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

/** What each user turn asks, by its number from 1. */
type Asks = (turn: number) => string;
const refactoring: Asks = (n) => `step ${n}: keep refactoring the parser`;

/** What Claude Code sends each turn: its session header and betas, the history so far, streaming. */
function claudeCodeTurn(
  gateway: RunningGateway,
  session: string,
  turn: number,
  { model = MODEL, asks = refactoring }: { model?: string; asks?: Asks } = {},
): Promise<Response> {
  const messages = Array.from({ length: turn }, (_, i) => [
    { role: 'user', content: [{ type: 'text', text: asks(i + 1) }] },
    ...(i + 1 < turn ? [{ role: 'assistant', content: [{ type: 'text', text: `done with step ${i + 1}` }] }] : []),
  ]).flat();
  return postChat(
    gateway.url,
    'anthropic',
    {
      model,
      max_tokens: 256,
      stream: true,
      system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }],
      metadata: { user_id: `user_abc_account__session_${session}` },
      messages,
    },
    { headers: { 'x-claude-code-session-id': session, 'anthropic-beta': 'claude-code-20250219', 'x-app': 'cli' } },
  );
}

/** Runs one turn to its end and says which deployment answered and what the route header said. */
async function answeredTurn(
  gateway: RunningGateway,
  session: string,
  n: number,
  options?: { model?: string; asks?: Asks },
): Promise<{ provider: string; route: string }> {
  const res = await claudeCodeTurn(gateway, session, n, options);
  await res.text();
  expect(res.status).toBe(200);
  return {
    provider: res.headers.get('x-switchyard-provider') ?? '',
    route: res.headers.get('x-switchyard-route') ?? '',
  };
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

  const turn = (session: string, n: number) => answeredTurn(gateway, session, n);

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

describe('session affinity on routed requests', () => {
  const AWS_KEY = 'AKIAQ3EGRTZ7XK4N2PLW';
  let coder: FakeUpstream;
  let writer: FakeUpstream;
  let local: FakeUpstream;
  let gateway: RunningGateway;

  beforeAll(async () => {
    [coder, writer, local] = await Promise.all([startFake('anthropic'), startFake('anthropic'), startFake('openai')]);
    gateway = await startGateway({
      config: {
        providers: {
          c: vendorProvider('anthropic', coder.url),
          w: vendorProvider('anthropic', writer.url),
          l: vendorProvider('openai', local.url),
        },
        models: [
          { name: 'coder', provider: 'c', upstream_model: VENDOR_MODEL.anthropic },
          { name: 'writer', provider: 'w', upstream_model: VENDOR_MODEL.anthropic },
          { name: 'local', provider: 'l', upstream_model: VENDOR_MODEL.openai },
        ],
        routing: {
          default: ['coder'],
          rules: [
            { pattern: 'parser', models: ['coder'] },
            { pattern: 'poem', models: ['writer'] },
          ],
          privacy: { models: ['local'] },
        },
      },
    });
  }, T);
  afterAll(async () => {
    await gateway?.stop();
    await Promise.all([coder, writer, local].filter(Boolean).map((f) => f.close()));
  }, T);
  beforeEach(() => [coder, writer, local].forEach((f) => f.reset()));

  /** Odd turns route to `coder`, even ones to `writer`; `secretAt` carries an AWS key. */
  const alternating =
    (secretAt = 0): Asks =>
    (n) =>
      n === secretAt
        ? `why does boto3 reject ${AWS_KEY}?`
        : n % 2 === 1
          ? `fix the parser, step ${n}`
          : `a poem, step ${n}`;

  const turn = (session: string, n: number, asks: Asks) => answeredTurn(gateway, session, n, { model: 'auto', asks });

  it(
    'keeps a 10-turn session on the model its first turn routed to, though every other turn routes elsewhere',
    async () => {
      const session = randomUUID();
      const turns = [];
      for (let n = 1; n <= 10; n++) turns.push(await turn(session, n, alternating()));
      expect(turns.map((t) => t.provider)).toEqual(Array(10).fill('c'));
      expect(turns[0].route).toBe('rule;parser;affinity=new');
      expect(turns[1].route).toBe('rule;poem;affinity=kept;routed=writer');
      expect(turns[2].route).toBe('rule;parser;affinity=kept');
      expect(writer.calls).toBe(0);

      // A session that began with a poem stays on the writer when it turns to code.
      const other = randomUUID();
      const poemFirst: Asks = (n) => alternating()(n + 1);
      for (let n = 1; n <= 4; n++) expect((await turn(other, n, poemFirst)).provider).toBe('w');
    },
    T,
  );

  it(
    'gives a turn its pinned model refuses outright to the routed model, and the session moves there',
    async () => {
      const session = randomUUID();
      expect((await turn(session, 1, alternating())).provider).toBe('c');
      // The pinned model now refuses with an error no other deployment is tried after (a 400).
      coder.script({ status: 400, json: fakeKits.anthropic.errorBody(400, 'prompt is too long') });
      const refused = await turn(session, 2, alternating());
      expect(refused.provider).toBe('w');
      expect(refused.route).toBe('rule;poem;affinity=moved');
      const afterwards = [await turn(session, 3, alternating()), await turn(session, 4, alternating())];
      expect(afterwards.map((t) => t.provider)).toEqual(['w', 'w']);
      expect(coder.calls).toBe(2);
    },
    T,
  );

  it(
    'sends the turns carrying a secret to the local model only, without moving the session off its model',
    async () => {
      const session = randomUUID();
      const asks = alternating(5);
      const turns = [await turn(session, 1, asks), await turn(session, 2, asks)];
      // A side call of the same session whose only message carries the key.
      turns.push(await turn(session, 1, () => `why does boto3 reject ${AWS_KEY}?`));
      for (let n = 3; n <= 6; n++) turns.push(await turn(session, n, asks));
      // Turn 5 carries the key, and turn 6 still has it in its history.
      expect(turns.map((t) => t.provider)).toEqual(['c', 'c', 'l', 'c', 'c', 'l', 'l']);
      expect(turns[2].route).toBe('privacy;aws_access_key');
      expect(turns[4].route).toBe('rule;poem;affinity=kept;routed=writer');
      expect(local.calls).toBe(3);
      expect(writer.calls).toBe(0);
    },
    T,
  );
});

describe('session affinity when the pinned model used up the attempts', () => {
  let coder: FakeUpstream;
  let writer: FakeUpstream;
  let gateway: RunningGateway;

  beforeAll(async () => {
    [coder, writer] = await Promise.all([startFake('anthropic'), startFake('anthropic')]);
    gateway = await startGateway({
      config: {
        providers: { c: vendorProvider('anthropic', coder.url), w: vendorProvider('anthropic', writer.url) },
        models: [
          { name: 'coder', provider: 'c', upstream_model: VENDOR_MODEL.anthropic },
          { name: 'writer', provider: 'w', upstream_model: VENDOR_MODEL.anthropic },
        ],
        routing: {
          default: ['coder'],
          rules: [
            { pattern: 'parser', models: ['coder'] },
            { pattern: 'poem', models: ['writer'] },
          ],
        },
        fallback: { max_attempts: 1 },
      },
    });
  }, T);
  afterAll(async () => {
    await gateway?.stop();
    await Promise.all([coder, writer].filter(Boolean).map((f) => f.close()));
  }, T);

  it(
    "answers the pinned model's 429 and its retry-after, not a 503 saying nothing can answer",
    async () => {
      const session = randomUUID();
      const asks: Asks = (n) => (n === 1 ? 'fix the parser' : 'now a poem');
      expect((await answeredTurn(gateway, session, 1, { model: 'auto', asks })).provider).toBe('c');
      coder.script({
        status: 429,
        headers: { 'retry-after': '7' },
        json: fakeKits.anthropic.errorBody(429, 'Rate limit reached'),
      });
      const res = await claudeCodeTurn(gateway, session, 2, { model: 'auto', asks });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      await res.text();
      expect(writer.calls).toBe(0);
    },
    T,
  );
});
