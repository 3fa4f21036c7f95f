import { aConfig, aModel, aRequest, withRules } from '../../test/factories/gateway-config.factory.js';
import type { GatewayConfig } from '#src/config/gateway-config.types.js';
import { ModelCatalog } from '#src/catalog/model-catalog.js';
import { WeightsService } from '#src/catalog/weights.service.js';
import { modelAllowlist } from '#src/keys/model-allowlist.js';
import { Router } from './router.service.js';
import { ConfigRulesStep } from './steps/config-rules.step.js';
import { DefaultStep } from './steps/default.step.js';
import { RequestRulesStep } from './steps/request-rules.step.js';

function routerFor(config: GatewayConfig): Router {
  const catalog = new ModelCatalog(
    config,
    new WeightsService(config, { load: () => ({}), save: async () => undefined, history: async () => [] }),
  );
  const steps = [
    new RequestRulesStep(),
    new ConfigRulesStep(config.routing.rules),
    new DefaultStep(config.routing.default),
  ];
  return new Router(catalog, steps);
}

const config = aConfig([aModel('fast'), aModel('coder'), aModel('writer'), aModel('blind', { capabilities: [] })], {
  routing: {
    default: ['blind', 'fast'],
    strategy: 'weighted',
    rules: [{ pattern: '代码|\\bcode\\b', models: ['coder'] }],
  },
});
const router = routerFor(config);

describe('Router precedence', () => {
  it('sends a request that names a model to that model, whatever the rules say', async () => {
    const d = await router.route(
      aRequest('write code', { model: 'writer', ...withRules([{ pattern: 'code', model: 'fast' }]) }),
    );
    expect(d.candidates.map((m) => m.name)).toEqual(['writer']);
    expect(d.explanation.reason).toBe('explicit');
  });

  it("lets the request's own rules beat the configured ones", async () => {
    const d = await router.route(aRequest('write code', withRules([{ pattern: 'code', model: 'writer' }])));
    expect(d.candidates[0].name).toBe('writer');
    expect(d.explanation).toMatchObject({ reason: 'request_rule', rule: 'code' });
  });

  it('uses a configured rule when the request brings none that matches', async () => {
    const d = await router.route(aRequest('帮我写代码', withRules([{ pattern: 'poem', model: 'writer' }])));
    expect(d.candidates[0].name).toBe('coder');
    expect(d.explanation).toMatchObject({ reason: 'rule', rule: '代码|\\bcode\\b' });
  });

  it('falls back to the default route when nothing matches', async () => {
    const d = await router.route(aRequest('hello'));
    expect(d.candidates.map((m) => m.name)).toEqual(['blind', 'fast']);
    expect(d.explanation.reason).toBe('default');
  });

  it('skips default models that cannot see an image, and says why', async () => {
    const request = aRequest('what is this?');
    request.messages[0].content.push({
      type: 'image',
      source: { kind: 'base64', mediaType: 'image/png', data: 'AA==' },
    });
    const d = await router.route(request);
    expect(d.candidates.map((m) => m.name)).toEqual(['fast']);
    expect(d.explanation.skipped).toEqual([{ model: 'blind', why: expect.stringContaining('vision') }]);
  });

  it('refuses a request rule naming a model the gateway does not have', async () => {
    await expect(router.route(aRequest('x', withRules([{ pattern: 'x', model: 'nope' }])))).rejects.toMatchObject({
      kind: 'invalid_request',
      param: 'routing_rules[0].model',
    });
  });

  it('answers a catastrophic pattern correctly on a linear-time engine', async () => {
    const text = 'a'.repeat(30) + '!';
    const d = await router.route(aRequest(text, withRules([{ pattern: '(a+)+$', model: 'writer' }])));
    expect(d.explanation.reason).toBe('default');
  });

  it('resolves an unknown explicit model to a 404 naming the field', async () => {
    await expect(router.route(aRequest('x', { model: 'gpt-99' }))).rejects.toMatchObject({
      kind: 'model_not_found',
      param: 'model',
      status: 404,
    });
  });
});

describe('Router pools', () => {
  it('hands a pool to balancing in configured order, and a named model as no pool', async () => {
    const d = await router.route(aRequest('hello'));
    expect(d).toMatchObject({ pool: true, candidates: [{ name: 'blind' }, { name: 'fast' }] });
    expect((await router.route(aRequest('hello', { model: 'fast' }))).pool).toBe(false);
  });

  it('leaves parked models (weight 0) out of a pool', async () => {
    const pool = aConfig([aModel('a', { weight: 0 }), aModel('b', { weight: 1 })]);
    const d = await routerFor(pool).route(aRequest('hi'));
    expect(d.candidates.map((m) => m.name)).toEqual(['b']);
  });

  it('leaves a model whose every deployment is drained out of a pool, saying why', async () => {
    const drained = { provider: 'p', upstreamModel: 'a', weight: 0 };
    const pool = aConfig([aModel('a', { deployments: [drained, drained] }), aModel('b')]);
    const d = await routerFor(pool).route(aRequest('hi'));
    expect(d.candidates.map((m) => m.name)).toEqual(['b']);
    expect(d.explanation.skipped).toEqual([{ model: 'a', why: 'default: every deployment drained (weight 0)' }]);
  });
});

describe('Router when nothing can take the request', () => {
  const image = { type: 'image' as const, source: { kind: 'base64' as const, mediaType: 'image/png', data: 'AA==' } };
  const small = aConfig([
    aModel('small', { capabilities: [], contextWindow: 1000 }),
    aModel('embed', { capabilities: ['embeddings'] }),
  ]);
  const smallRouter = routerFor({ ...small, routing: { ...small.routing, default: ['small'] } });

  it('never routes a prompt too long for every chat model to an embedding model', async () => {
    const refusal = smallRouter.route(aRequest('word '.repeat(5000)));
    await expect(refusal).rejects.toMatchObject({ kind: 'invalid_request', status: 400, param: 'messages' });
    await expect(refusal).rejects.toThrow(/small capability: needs about \d+ tokens, the model's window is 1000/);
  });

  it('refuses an image no model can see as a bad request naming messages, not as a retryable 503', async () => {
    const request = aRequest('what is this?');
    request.messages[0].content.push(image);
    await expect(smallRouter.route(request)).rejects.toMatchObject({ status: 400, param: 'messages' });
  });

  it('refuses tools no model can call as a bad request naming tools', async () => {
    const request = aRequest('list the files', { tools: [{ name: 'ls', parameters: { type: 'object' } }] });
    await expect(smallRouter.route(request)).rejects.toMatchObject({ status: 400, param: 'tools' });
  });

  it('answers 503 marked final when every model is drained, since only an operator can change that', async () => {
    const drained = aConfig([aModel('a', { weight: 0 }), aModel('b', { weight: 0 })]);
    await expect(routerFor(drained).route(aRequest('hi'))).rejects.toMatchObject({
      kind: 'unavailable',
      status: 503,
      final: true,
    });
  });

  it('refuses a chat request naming an embedding model as a bad request naming model', async () => {
    const refusal = smallRouter.route(aRequest('hello', { model: 'embed' }));
    await expect(refusal).rejects.toMatchObject({ kind: 'invalid_request', status: 400, param: 'model' });
    await expect(refusal).rejects.toThrow(/'embed' is an embedding model/);
  });

  it('refuses a request rule naming an embedding model', async () => {
    const refusal = smallRouter.route(aRequest('x', withRules([{ pattern: 'x', model: 'embed' }])));
    await expect(refusal).rejects.toMatchObject({ status: 400, param: 'routing_rules[0].model' });
  });
});

describe('Router for a key with an allowlist', () => {
  const onlyWriterAndFast = (model: string) => model === 'writer' || model === 'fast';

  it('passes over a rule’s model the key may not use, so the next step decides, without naming it', async () => {
    const d = await router.route(aRequest('write code'), onlyWriterAndFast);
    expect(d.candidates.map((m) => m.name)).toEqual(['fast']);
    expect(d.explanation.reason).toBe('default');
    expect(d.explanation.skipped).toBeUndefined();
  });

  it('refuses 403 naming model when the key may use no model that could serve the request', async () => {
    const refusal = router.route(aRequest('hello'), (m) => m === 'nothing');
    await expect(refusal).rejects.toMatchObject({ kind: 'forbidden', status: 403, param: 'model' });
    await expect(refusal).rejects.not.toThrow(/fast|writer|coder|blind/);
  });

  it('lets a named snapshot through when the key allows the model it resolves to, and refuses one it does not', async () => {
    const dated = routerFor(aConfig([aModel('claude-sonnet-4-5'), aModel('other')]));
    const allows = (m: string) => m === 'claude-sonnet-4-5';
    const d = await dated.route(aRequest('hi', { model: 'claude-sonnet-4-5-20250929' }), allows);
    expect(d.candidates.map((m) => m.name)).toEqual(['claude-sonnet-4-5']);
    await expect(dated.route(aRequest('hi', { model: 'other' }), allows)).rejects.toMatchObject({ status: 403 });
  });

  it('refuses a name the allowlist matches as sent when the model it resolves to, the one called, is outside it', async () => {
    const variants = routerFor(aConfig([aModel('gpt-4o'), aModel('gpt-4o-mini')]));
    const allows = modelAllowlist(['gpt-4o-*']);
    for (const model of ['gpt-4o-latest', 'gpt-4o-20240513']) {
      await expect(variants.route(aRequest('hi', { model }), allows)).rejects.toMatchObject({
        kind: 'forbidden',
        status: 403,
        param: 'model',
      });
    }
    const d = await variants.route(aRequest('hi', { model: 'gpt-4o-mini' }), allows);
    expect(d.candidates.map((m) => m.name)).toEqual(['gpt-4o-mini']);
  });

  it('answers 503 marked final, not 403, when the models it may not use could not have served the request either', async () => {
    const drained = { deployments: [{ provider: 'p', upstreamModel: 'x', weight: 0 }] };
    const parked = { weight: 0 };
    for (const [a, b] of [
      [parked, drained],
      [drained, parked],
    ]) {
      const refusal = routerFor(aConfig([aModel('a', a), aModel('b', b)])).route(aRequest('hi'), (m) => m === 'a');
      await expect(refusal).rejects.toMatchObject({ kind: 'unavailable', status: 503, final: true });
    }
  });

  it('refuses 403 when its models are parked and one it may not use could serve the request', async () => {
    const refusal = routerFor(aConfig([aModel('a', { weight: 0 }), aModel('b')])).route(
      aRequest('hi'),
      (m) => m === 'a',
    );
    await expect(refusal).rejects.toMatchObject({ kind: 'forbidden', status: 403, param: 'model' });
  });

  it('refuses 403 when a model it may not use could have served what the models it allows lack', async () => {
    const request = aRequest('list the files', { tools: [{ name: 'ls', parameters: { type: 'object' } }] });
    const onlyBlind = (m: string) => m === 'blind';
    await expect(router.route(request, onlyBlind)).rejects.toMatchObject({ status: 403, param: 'model' });
    const noTools = routerFor(aConfig([aModel('blind', { capabilities: [] }), aModel('mute', { capabilities: [] })]));
    await expect(noTools.route(request, onlyBlind)).rejects.toMatchObject({ status: 400, param: 'tools' });
  });
});
