import { adminFetch } from '../admin/admin-client.js';
import { asArray, asRecord } from '../fakes/fake-json.js';
import type { FakeUpstream } from '../fakes/fake-upstream.js';
import { readAnswer } from '../support/answer-reader.js';
import { openaiError } from '../support/error-envelopes.js';
import { startFake, vendorProvider } from '../support/fake-providers.js';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { PNG_1X1_DATA_URI } from '../support/png.js';
import { postChat, postRaw } from '../support/requests.js';
import { routedBy, ruleRouteHeader } from '../support/routed-headers.js';

/** Which model answers: explicit name, then request rules, then configured rules, then the default route. */

const T = 20_000;
const CODE_RULE = '代码|code';
const POEM_RULE = 'poem|haiku';

/** Every model lives on one fake; each asks it for its own upstream id, so the fake can tell them apart. */
function routingConfig(fake: FakeUpstream): object {
  const model = (name: string, capabilities: string[], weight = 1) => ({
    name,
    provider: 'up',
    upstream_model: `${name}-upstream`,
    weight,
    capabilities,
  });
  return {
    providers: { up: vendorProvider('openai', fake.url) },
    models: [
      // Heaviest in the default route, so both the live balancer and the dry run put it first.
      model('general', ['tools'], 1000),
      model('seer', ['tools', 'vision']),
      model('coder', ['tools', 'vision']),
      model('writer', ['tools']),
      model('critic', ['tools', 'vision']),
    ],
    routing: {
      default: ['general', 'seer'],
      strategy: 'weighted',
      rules: [
        { pattern: CODE_RULE, model: 'coder' },
        { pattern: POEM_RULE, model: 'writer' },
      ],
    },
    fallback: { max_attempts: 1, breaker: { failures: 1000, cooldown_ms: 1000, failure_rate: 1, min_requests: 1000 } },
  };
}

const user = (content: unknown) => ({ role: 'user', content });
const ask = (text: string, extra: object = {}) => ({ messages: [user(text)], max_tokens: 64, ...extra });
const withImage = (text: string, extra: object = {}) =>
  ask('', {
    messages: [
      user([
        { type: 'image_url', image_url: { url: PNG_1X1_DATA_URI } },
        { type: 'text', text },
      ]),
    ],
    ...extra,
  });

interface RoutingCase {
  name: string;
  body: object;
  model: string;
  header: string;
  route: Record<string, unknown>;
}

const precedence: RoutingCase[] = [
  {
    name: 'an explicit model beats every rule',
    body: ask('write code', { model: 'critic', routing_rules: [{ pattern: 'code', model: 'seer' }] }),
    model: 'critic',
    header: 'explicit',
    route: { reason: 'explicit' },
  },
  {
    name: 'a request rule beats the configured rules',
    body: ask('write code', { routing_rules: [{ pattern: 'code', model: 'seer' }] }),
    model: 'seer',
    header: ruleRouteHeader('request_rule', 'code'),
    route: { reason: 'request_rule', rule: 'code' },
  },
  {
    name: 'a request rule that does not match leaves the choice to the configured rules',
    body: ask('write a poem', { routing_rules: [{ pattern: 'code', model: 'seer' }] }),
    model: 'writer',
    header: ruleRouteHeader('rule', POEM_RULE),
    route: { reason: 'rule', rule: POEM_RULE },
  },
  {
    name: 'the first matching request rule wins',
    body: ask('a haiku about code', {
      routing_rules: [
        { pattern: 'sonnet', model: 'seer' },
        { pattern: 'haiku', model: 'critic' },
        { pattern: 'code', model: 'seer' },
      ],
    }),
    model: 'critic',
    header: ruleRouteHeader('request_rule', 'haiku'),
    route: { reason: 'request_rule', rule: 'haiku' },
  },
  {
    name: 'a configured rule beats the default route',
    body: ask('please review this code'),
    model: 'coder',
    header: ruleRouteHeader('rule', CODE_RULE),
    route: { reason: 'rule', rule: CODE_RULE },
  },
  {
    name: 'a CJK pattern matches CJK text',
    body: ask('请帮我写一段代码'),
    model: 'coder',
    header: 'rule;%E4%BB%A3%E7%A0%81%7Ccode',
    route: { reason: 'rule', rule: CODE_RULE },
  },
  {
    name: 'a CJK request rule is matched and shown URI-encoded in the header',
    body: ask('请翻译这句话', { routing_rules: [{ pattern: '翻译', model: 'critic' }] }),
    model: 'critic',
    header: 'request_rule;%E7%BF%BB%E8%AF%91',
    route: { reason: 'request_rule', rule: '翻译' },
  },
  {
    name: 'rules match regardless of case',
    body: ask('Fix my CODE'),
    model: 'coder',
    header: ruleRouteHeader('rule', CODE_RULE),
    route: { reason: 'rule', rule: CODE_RULE },
  },
  {
    name: 'the model name "auto" is routed like no model at all',
    body: ask('a haiku please', { model: 'auto' }),
    model: 'writer',
    header: ruleRouteHeader('rule', POEM_RULE),
    route: { reason: 'rule', rule: POEM_RULE },
  },
  {
    name: 'only the last user message is routed on',
    body: ask('', { messages: [user('write code'), { role: 'assistant', content: 'ok' }, user('thanks')] }),
    model: 'general',
    header: 'default',
    route: { reason: 'default' },
  },
  {
    name: 'a request nothing matches takes the default route',
    body: ask('hello there'),
    model: 'general',
    header: 'default',
    route: { reason: 'default' },
  },
  {
    name: 'a catastrophic-backtracking pattern is matched in linear time and does not match "aaa…a!"',
    body: ask(`${'a'.repeat(30)}!`, { routing_rules: [{ pattern: '(a+)+$', model: 'critic' }] }),
    model: 'general',
    header: 'default',
    route: { reason: 'default' },
  },
  {
    name: 'the same pattern still matches "aaa…a"',
    body: ask('a'.repeat(30), { routing_rules: [{ pattern: '(a+)+$', model: 'critic' }] }),
    model: 'critic',
    header: ruleRouteHeader('request_rule', '(a+)+$'),
    route: { reason: 'request_rule', rule: '(a+)+$' },
  },
];

const capability: RoutingCase[] = [
  {
    name: 'an image skips a default model without vision, and says why',
    body: withImage('what is this?'),
    model: 'seer',
    header: 'default',
    route: { reason: 'default', skipped: [{ model: 'general', why: expect.stringMatching(/vision/) as unknown }] },
  },
  {
    name: 'an image skips a matching request rule whose model lacks vision, then the default model without it',
    body: withImage('look here', { routing_rules: [{ pattern: 'look', model: 'writer' }] }),
    model: 'seer',
    header: 'default',
    route: {
      reason: 'default',
      skipped: [
        { model: 'writer', why: expect.stringMatching(/^request_rule: .*vision/) as unknown },
        { model: 'general', why: expect.stringMatching(/^default: .*vision/) as unknown },
      ],
    },
  },
  {
    name: 'an image goes to a matching configured rule whose model has vision',
    body: withImage('what does this code do?'),
    model: 'coder',
    header: ruleRouteHeader('rule', CODE_RULE),
    route: { reason: 'rule', rule: CODE_RULE },
  },
];

interface RefusedCase {
  name: string;
  rules: unknown;
  param: string;
}

const tooMany = Array.from({ length: 17 }, (_, i) => ({ pattern: `word${i}`, model: 'writer' }));
const refused: RefusedCase[] = [
  { name: 'a backreference', rules: [{ pattern: '(a)\\1', model: 'writer' }], param: 'routing_rules[0].pattern' },
  { name: 'a lookahead', rules: [{ pattern: 'code(?=x)', model: 'writer' }], param: 'routing_rules[0].pattern' },
  {
    name: 'a pattern that does not compile, in the second rule',
    rules: [
      { pattern: 'ok', model: 'writer' },
      { pattern: '(unclosed', model: 'writer' },
    ],
    param: 'routing_rules[1].pattern',
  },
  {
    name: 'a pattern over 512 characters',
    rules: [{ pattern: 'a'.repeat(513), model: 'writer' }],
    param: 'routing_rules[0].pattern',
  },
  { name: 'an empty pattern', rules: [{ pattern: '', model: 'writer' }], param: 'routing_rules[0].pattern' },
  { name: '17 rules', rules: tooMany, param: 'routing_rules' },
  { name: 'an unknown model', rules: [{ pattern: 'hello', model: 'no-such-model' }], param: 'routing_rules[0].model' },
  {
    name: 'an unknown model in the second rule',
    rules: [
      { pattern: 'x', model: 'writer' },
      { pattern: 'y', model: 'nope' },
    ],
    param: 'routing_rules[1].model',
  },
];

describe('routing', () => {
  let fake: FakeUpstream;
  let gateway: RunningGateway;
  const chat = (body: object) => postChat(gateway.url, 'unified', body);
  const explain = (body: object) => postRaw(gateway.url, '/api/route/explain', JSON.stringify(body));

  beforeAll(async () => {
    fake = await startFake('openai');
    gateway = await startGateway({ config: routingConfig(fake) });
  }, T);
  afterAll(async () => {
    await gateway?.stop();
    await fake?.close();
  }, T);
  beforeEach(() => fake.reset());

  describe.each([
    ['precedence', precedence],
    ['capabilities', capability],
  ])('%s', (_, cases) => {
    it.each(cases)(
      '$name',
      async ({ body, model, header, route }) => {
        const res = await chat(body);
        const answer = await readAnswer('unified', res, false);
        expect(routedBy(res)).toMatchObject({ model, route: header, attempts: 1 });
        expect(answer.route).toEqual(route);
        expect(answer.text).toMatch(/^echo: /);
        expect(fake.calls).toBe(1);
        expect(asRecord(fake.lastChat().body).model).toBe(`${model}-upstream`);
      },
      T,
    );

    it.each(cases)(
      '/api/route/explain lists no more deployments than fallback.max_attempts lets it try: $name',
      async ({ body }) => {
        const dry = asRecord(await (await explain(body)).json());
        expect(asArray(dry.candidates)).toHaveLength(1);
      },
      T,
    );

    it.each(cases)(
      '/api/route/explain predicts it without calling the upstream: $name',
      async ({ body }) => {
        const res = await explain(body);
        expect(res.status).toBe(200);
        const dry = asRecord(await res.json());
        expect(fake.calls).toBe(0);

        const live = await chat(body);
        const answer = await readAnswer('unified', live, false);
        const { skipped, ...route } = answer.route ?? {};
        expect(dry.model).toBe(routedBy(live).model);
        expect(dry._route).toEqual(route);
        expect(dry.skipped).toEqual(skipped ?? []);
        const first = asRecord(asArray(dry.candidates)[0]);
        expect(first).toMatchObject({ model: dry.model, provider: routedBy(live).provider, breaker: 'closed' });
      },
      T,
    );

    it.each(cases)(
      "the admin UI's explain answers exactly as /api/route/explain: $name",
      async ({ body }) => {
        const proxy = await (await explain(body)).json();
        const admin = await adminFetch(gateway, '/admin/api/explain', { method: 'POST', body });
        expect(admin.status).toBe(200);
        expect(await admin.json()).toEqual(proxy);
        expect(fake.calls).toBe(0);
      },
      T,
    );
  });

  it(
    'streams carry the route too: headers and the start event',
    async () => {
      const res = await chat(ask('some code', { stream: true }));
      const answer = await readAnswer('unified', res, true);
      expect(routedBy(res)).toMatchObject({ model: 'coder', route: ruleRouteHeader('rule', CODE_RULE) });
      expect(answer.route).toEqual({ reason: 'rule', rule: CODE_RULE });
    },
    T,
  );

  it(
    'configured rules route OpenAI clients that ask for "auto" as well',
    async () => {
      const res = await postChat(gateway.url, 'openai', { model: 'auto', messages: [user('write code')] });
      const answer = await readAnswer('openai', res, false);
      expect(routedBy(res)).toMatchObject({ model: 'coder', route: ruleRouteHeader('rule', CODE_RULE) });
      expect(answer.text).toBe('echo: write code');
    },
    T,
  );

  describe('request rules are bounded and run on RE2', () => {
    it.each(refused)(
      '$name is refused with a 400 naming $param, before any upstream call',
      async ({ rules, param }) => {
        const res = await chat(ask('hello', { routing_rules: rules }));
        expect(res.status).toBe(400);
        const error = openaiError(await res.json());
        expect(error.param).toBe(param);
        expect(fake.calls).toBe(0);
      },
      T,
    );

    it(
      '/api/route/explain refuses the same rules the same way',
      async () => {
        const res = await explain(ask('aa', { routing_rules: [{ pattern: '(a)\\1', model: 'writer' }] }));
        expect(res.status).toBe(400);
        expect(openaiError(await res.json()).param).toBe('routing_rules[0].pattern');
      },
      T,
    );
  });
});
