import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeUpstream } from '../fakes/fake-upstream.js';
import { openaiError } from '../support/error-envelopes.js';
import { startFake, tally, vendorProvider, VENDOR_MODEL } from '../support/fake-providers.js';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { chatBody, postChat } from '../support/requests.js';
import { routedBy } from '../support/routed-headers.js';
import { callWeights, readWeights, setWeights, type WeightsView } from '../support/weights-api.js';

/** Weighted balancing is exact, and run-time weights change it at once, all or nothing, across restarts. */

const T = 20_000;

function weightsConfig(left: FakeUpstream, right: FakeUpstream): object {
  const pair = (name: string, leftWeight: number, rightWeight: number) => ({
    name,
    deployments: [
      { provider: 'left', upstream_model: VENDOR_MODEL.openai, weight: leftWeight },
      { provider: 'right', upstream_model: VENDOR_MODEL.anthropic, weight: rightWeight },
    ],
  });
  return {
    providers: { left: vendorProvider('openai', left.url), right: vendorProvider('anthropic', right.url) },
    models: [
      pair('split', 3, 1),
      pair('shift', 1, 1),
      pair('persist', 1, 1),
      { name: 'red', provider: 'left', upstream_model: VENDOR_MODEL.openai, weight: 3 },
      { name: 'blue', provider: 'right', upstream_model: VENDOR_MODEL.anthropic, weight: 1 },
      { name: 'green', provider: 'left', upstream_model: VENDOR_MODEL.openai, weight: 3 },
      { name: 'parked', provider: 'right', upstream_model: VENDOR_MODEL.anthropic, weight: 0 },
    ],
    routing: {
      default: ['red', 'blue'],
      strategy: 'weighted',
      rules: [
        { pattern: 'paint', models: ['blue', 'green'] },
        { pattern: 'park', models: ['parked', 'green'] },
      ],
    },
    fallback: { max_attempts: 1, breaker: { failures: 1000, cooldown_ms: 1000, failure_rate: 1, min_requests: 1000 } },
  };
}

/** What the file says, as `GET /api/config/weights` must show it before any change. */
const FILE_VIEW: WeightsView = {
  weights: {
    split: 1,
    'split/0': 3,
    'split/1': 1,
    shift: 1,
    'shift/0': 1,
    'shift/1': 1,
    persist: 1,
    'persist/0': 1,
    'persist/1': 1,
    red: 3,
    'red/0': 1,
    blue: 1,
    'blue/0': 1,
    green: 3,
    'green/0': 1,
    parked: 0,
    'parked/0': 1,
  },
  overrides: {},
};

interface BadPayload {
  name: string;
  body: string;
  /** The `param` the 400 names; undefined when the body is not even JSON. */
  param?: string | RegExp;
}

const badPayloads: BadPayload[] = [
  { name: 'a negative weight', body: '{"weights":{"split/0":-1}}', param: 'weights.split/0' },
  { name: 'NaN written as a string', body: '{"weights":{"split/0":"NaN"}}', param: 'weights.split/0' },
  { name: 'a number written as a string', body: '{"weights":{"split/0":"5"}}', param: 'weights.split/0' },
  { name: 'a number too large to be finite (1e309)', body: '{"weights":{"split/0":1e309}}', param: 'weights.split/0' },
  { name: 'a huge finite number (1.7e308)', body: '{"weights":{"split/0":1.7e308}}', param: 'weights.split/0' },
  { name: 'a number above the maximum (1000001)', body: '{"weights":{"split/0":1000001}}', param: 'weights.split/0' },
  { name: 'null', body: '{"weights":{"split/0":null}}', param: 'weights.split/0' },
  { name: 'a boolean', body: '{"weights":{"split/0":true}}', param: 'weights.split/0' },
  { name: 'an unknown model', body: '{"weights":{"no-such-model":1}}', param: 'weights.no-such-model' },
  { name: 'an unknown deployment index', body: '{"weights":{"split/7":1}}', param: 'weights.split/7' },
  { name: 'an unknown provider', body: '{"weights":{"split/nobody":1}}', param: 'weights.split/nobody' },
  { name: 'an empty change', body: '{"weights":{}}', param: 'weights' },
  { name: 'weights that are not an object', body: '{"weights":[1,2]}', param: 'weights' },
  { name: 'a number instead of a change', body: '{"weights":5}', param: 'weights' },
  { name: 'a body that is not an object', body: '[{"weights":{"split/0":1}}]', param: 'weights' },
  {
    name: 'a change draining every deployment of a model',
    body: '{"weights":{"split/0":0,"split/1":0}}',
    param: /^weights\.split\/[01]$/,
  },
  {
    name: 'a change draining the default route',
    body: '{"weights":{"red":0,"blue":0}}',
    param: /^weights\.(red|blue)$/,
  },
  {
    name: 'a change draining the models of a routing rule',
    body: '{"weights":{"blue":0,"green":0}}',
    param: /^weights\.(blue|green)$/,
  },
  {
    name: 'a valid entry beside an invalid one (all or nothing)',
    body: '{"weights":{"split/0":5,"split/1":-1}}',
    param: 'weights.split/1',
  },
  { name: 'a body that is not valid JSON', body: '{"weights": {"split/0": 1' },
];

describe('weights', () => {
  let left: FakeUpstream;
  let right: FakeUpstream;
  let gateway: RunningGateway;
  let dataDir: string;

  const start = async () => {
    gateway = await startGateway({ config: weightsConfig(left, right), env: { DATA_DIR: dataDir } });
  };
  /** Sends `count` requests one after another; returns the provider that answered each. */
  const answeredBy = async (model: string, count: number): Promise<string[]> => {
    const providers: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const res = await postChat(gateway.url, 'openai', chatBody('openai', model, `request ${i}`));
      expect(res.status).toBe(200);
      await res.body?.cancel();
      providers.push(routedBy(res).provider ?? 'none');
    }
    return providers;
  };

  /** Sends `count` routed requests saying `prompt`; returns the model that answered each. */
  const routedTo = async (prompt: string, count: number): Promise<string[]> => {
    const models: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const res = await postChat(gateway.url, 'unified', { messages: [{ role: 'user', content: `${prompt} ${i}` }] });
      expect(res.status).toBe(200);
      await res.body?.cancel();
      models.push(routedBy(res).model ?? 'none');
    }
    return models;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchyard-weights-'));
    [left, right] = await Promise.all([startFake('openai'), startFake('anthropic')]);
    await start();
  }, T);
  afterAll(async () => {
    await gateway?.stop();
    await Promise.all([left?.close(), right?.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  }, T);
  beforeEach(() => {
    left.reset();
    right.reset();
  });

  it(
    'lists every model and deployment with the weights from the file',
    async () => {
      expect(await readWeights(gateway.url)).toEqual(FILE_VIEW);
    },
    T,
  );

  it(
    'sends exactly 3 of every 4 requests to a deployment weighted 3 against 1',
    async () => {
      const providers = await answeredBy('split', 40);
      expect(tally(providers)).toEqual({ left: 30, right: 10 });
      expect([left.calls, right.calls]).toEqual([30, 10]);
      expect(providers.slice(0, 4)).toEqual(['left', 'left', 'right', 'left']);
      // Smooth: any four consecutive requests hold exactly one for the lighter deployment.
      for (let i = 0; i + 4 <= providers.length; i += 1) {
        expect(providers.slice(i, i + 4).filter((p) => p === 'right')).toHaveLength(1);
      }
    },
    T,
  );

  const pools = [
    { pool: 'the default route', prompt: 'hello', route: 'default', split: { red: 30, blue: 10 } },
    { pool: 'a routing rule’s models', prompt: 'paint it', route: 'rule;paint', split: { green: 30, blue: 10 } },
  ];

  it.each(pools)(
    'balances $pool by model weight, 3 against 1',
    async ({ prompt, route, split }) => {
      const models: string[] = [];
      for (let i = 0; i < 40; i += 1) {
        const res = await postChat(gateway.url, 'unified', { messages: [{ role: 'user', content: `${prompt} ${i}` }] });
        expect(res.status).toBe(200);
        await res.body?.cancel();
        expect(res.headers.get('x-switchyard-route')).toBe(route);
        models.push(routedBy(res).model ?? 'none');
      }
      expect(tally(models)).toEqual(split);
    },
    T,
  );

  it(
    'parks a model out of the default route when its weight is set to 0, and still answers it when named',
    async () => {
      await setWeights(gateway.url, { red: 0 });
      expect(await routedTo('hello', 4)).toEqual(['blue', 'blue', 'blue', 'blue']);
      expect(await answeredBy('red', 2)).toEqual(['left', 'left']);
      await callWeights(gateway.url, 'DELETE');
    },
    T,
  );

  it(
    'answers a model the file parks at weight 0 when named, and brings it into its pool once its weight rises',
    async () => {
      expect(await answeredBy('parked', 2)).toEqual(['right', 'right']);
      expect(tally(await routedTo('park it', 4))).toEqual({ green: 4 });

      await setWeights(gateway.url, { parked: 1 });
      expect(tally(await routedTo('park it', 4))).toEqual({ green: 3, parked: 1 });
      await callWeights(gateway.url, 'DELETE');
    },
    T,
  );

  it(
    'applies a weight change from the very next request',
    async () => {
      expect(await answeredBy('shift', 4)).toEqual(['left', 'right', 'left', 'right']);

      const drained = await setWeights(gateway.url, { 'shift/1': 0 });
      expect(drained.weights['shift/1']).toBe(0);
      expect(drained.overrides).toEqual({ 'shift/1': 0 });
      right.reset();
      expect(tally(await answeredBy('shift', 6))).toEqual({ left: 6 });
      expect(right.calls).toBe(0);

      // The provider form of a deployment key names the same deployment as its index.
      const tilted = await setWeights(gateway.url, { 'shift/right': 3 });
      expect(tilted.weights['shift/1']).toBe(3);
      expect(tally(await answeredBy('shift', 8))).toEqual({ left: 2, right: 6 });
    },
    T,
  );

  describe('refuses a bad change and changes nothing', () => {
    beforeAll(() => callWeights(gateway.url, 'DELETE'), T);

    it.each(badPayloads)(
      '$name',
      async ({ body, param }) => {
        const before = await readWeights(gateway.url);
        const res = await callWeights(gateway.url, 'POST', { body });
        expect(res.status).toBe(400);
        const error = openaiError(await res.json());
        expect(error.message).not.toBe('');
        if (typeof param === 'string') expect(error.param).toBe(param);
        if (param instanceof RegExp) expect(String(error.param)).toMatch(param);
        expect(await readWeights(gateway.url)).toEqual(before);
        expect(await readWeights(gateway.url)).toEqual(FILE_VIEW);
      },
      T,
    );
  });

  const unauthorised = (['GET', 'POST', 'DELETE'] as const).flatMap((method) =>
    [
      { how: 'without a token', token: null },
      { how: 'with a wrong token', token: 'not-the-admin-token' },
    ].map((c) => ({ method, ...c })),
  );

  it.each(unauthorised)(
    'answers $method $how with 401 and changes nothing',
    async ({ method, token }) => {
      await setWeights(gateway.url, { 'split/1': 2 });
      const before = await readWeights(gateway.url);
      const body = method === 'POST' ? JSON.stringify({ weights: { 'split/0': 9 } }) : undefined;
      const res = await callWeights(gateway.url, method, { body, token });
      expect(res.status).toBe(401);
      expect(openaiError(await res.json()).message).not.toBe('');
      expect(await readWeights(gateway.url)).toEqual(before);
      await callWeights(gateway.url, 'DELETE');
    },
    T,
  );

  it(
    'DELETE drops every run-time change: the file’s weights apply again',
    async () => {
      await setWeights(gateway.url, { 'split/1': 0, red: 5 });
      const res = await callWeights(gateway.url, 'DELETE');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(FILE_VIEW);
      expect(await readWeights(gateway.url)).toEqual(FILE_VIEW);
      expect(tally(await answeredBy('split', 4))).toEqual({ left: 3, right: 1 });
    },
    T,
  );

  it(
    'keeps run-time weights across a restart, until they are reset',
    async () => {
      await setWeights(gateway.url, { 'persist/0': 0 });
      const saved = JSON.parse(readFileSync(join(dataDir, 'weights.json'), 'utf8')) as { overrides: unknown };
      // Kept with the deployment's provider and upstream model, so it stays on it if the file reorders them.
      expect(saved.overrides).toEqual({ [`persist/0@left:${VENDOR_MODEL.openai}`]: 0 });

      await gateway.stop();
      await start();
      expect((await readWeights(gateway.url)).overrides).toEqual({ 'persist/0': 0 });
      expect(tally(await answeredBy('persist', 4))).toEqual({ right: 4 });
      expect(left.calls).toBe(0);

      expect((await callWeights(gateway.url, 'DELETE')).status).toBe(200);
      await gateway.stop();
      await start();
      expect(existsSync(join(dataDir, 'weights.json'))).toBe(true);
      expect(await readWeights(gateway.url)).toEqual(FILE_VIEW);
      expect(tally(await answeredBy('persist', 4))).toEqual({ left: 2, right: 2 });
    },
    2 * T,
  );
});
