import { asRecord } from '../fakes/fake-json.js';
import { fakeKits } from '../fakes/fake-kits.js';
import { readAnswer } from '../support/answer-reader.js';
import { ERROR_READER } from '../support/error-envelopes.js';
import { chatBody, postChat, type Dialect } from '../support/requests.js';
import { routedBy } from '../support/routed-headers.js';
import { CANARY, NEVER_OPEN, P, startFaultStack, type FaultStack } from './fault-stack.js';

/**
 * Catalogue cases 7 and 23, and redirects (H3): an upstream refusing the gateway's own key is the
 * operator's problem. The deployment's breaker opens at once, the request fails over (fallback
 * models included), `/health` and the log say so, and no client ever sees a 401 for it.
 */

const T = 20_000;

describe('faults: the gateway’s own upstream credentials', () => {
  let stack: FaultStack;
  const send = (dialect: Dialect, model: string) => postChat(stack.gateway.url, dialect, chatBody(dialect, model));
  const providerHealth = async (name: string) => {
    const health = asRecord(await (await fetch(`${stack.gateway.url}/health`)).json());
    return asRecord(asRecord(asRecord(health.details).providers)[name]);
  };

  beforeAll(async () => {
    stack = await startFaultStack();
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  it(
    'F07 a 401 fails over to the fallback model, opens the breaker, alarms /health and logs one error line',
    async () => {
      stack.fakes.openai.script({ status: 401, json: fakeKits.openai.errorBody(401, `Incorrect API key ${CANARY}`) });
      const res = await send('unified', 'keyed-openai');
      const answer = await readAnswer('unified', res, false);
      expect(answer.text).toBe('echo: hi');
      expect(routedBy(res)).toMatchObject({ model: 'helper-anthropic', provider: P.anthropic, attempts: 2 });
      expect(answer.attempts?.[0]).toMatchObject({ provider: P.openai, errorKind: 'auth', status: 401 });

      // The breaker is open: the next request goes straight to the fallback.
      await readAnswer('unified', await send('unified', 'keyed-openai'), false);
      expect(stack.fakes.openai.calls).toBe(1);

      expect(await providerHealth(P.openai)).toMatchObject({
        status: 'down',
        detail: `The upstream provider "${P.openai}" rejected the gateway's credentials`,
      });
      // Log lines are written in batches, so the alarm may land just after the answer.
      await stack.gateway.waitForLog('rejected the gateway');
      const lines = stack.gateway.logs().split('\n');
      const alarms = lines.filter((l) => l.includes('"level":50') && l.includes('rejected the gateway'));
      expect(alarms).toHaveLength(1);
      expect(alarms[0]).toContain(P.openai);
      expect(alarms[0]).toContain('upstream status 401');
      expect(stack.gateway.logs()).not.toContain(CANARY);
    },
    T,
  );

  it(
    'F07 a 403 from every candidate: the client gets a 5xx, never the upstream’s 401/403 or its words',
    async () => {
      stack.fakes.anthropic.script({ status: 403, json: fakeKits.anthropic.errorBody(403, 'Your key is disabled') });
      stack.fakes.openai.script({ status: 401, json: fakeKits.openai.errorBody(401, 'Incorrect API key provided') });
      const res = await send('anthropic', 'keyed-anthropic');
      expect(res.status).toBe(502);
      const text = await res.text();
      expect(ERROR_READER.anthropic(JSON.parse(text))).toMatchObject({ type: 'api_error' });
      expect(text).not.toMatch(/Your key is disabled|Incorrect API key|authentication_error|permission_error/);
      expect(text).not.toContain(CANARY);
    },
    T,
  );

  it(
    'F23 a model whose every deployment is benched answers 503 with a Retry-After, without calling the upstream',
    async () => {
      // helper-openai's only deployment refused the key in the case before; its breaker is open.
      const res = await send('openai', 'helper-openai');
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(ERROR_READER.openai(await res.json()).message).toMatch(/cooling down/);
      expect(stack.fakes.openai.calls).toBe(0);
    },
    T,
  );
});

describe('faults: upstream redirects', () => {
  let stack: FaultStack;

  beforeAll(async () => {
    // Breakers that open and half-open at once, so each case starts with a deployment that may be called.
    stack = await startFaultStack({ breaker: { ...NEVER_OPEN, cooldown_ms: 0 } });
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  it.each([301, 302, 307])(
    'H3 a %i redirect is not followed: the request fails over and the client sees no 3xx or 400',
    async (status) => {
      stack.fakes.anthropic.script({ status, headers: { location: 'https://login.example.test/' }, raw: '' });
      const res = await postChat(stack.gateway.url, 'unified', chatBody('unified', 'keyed-anthropic'));
      const answer = await readAnswer('unified', res, false);
      expect(routedBy(res)).toMatchObject({ model: 'helper-openai', provider: P.openai });
      expect(answer.attempts?.[0]).toMatchObject({ provider: P.anthropic, errorKind: 'auth', status });
      expect(stack.fakes.anthropic.requests.some((r) => r.path.startsWith('/login'))).toBe(false);
    },
    T,
  );
});
