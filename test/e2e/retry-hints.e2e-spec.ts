import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { chatBody, postChat } from '../support/requests.js';
import {
  MODEL,
  PROVIDER,
  UPSTREAM_MODEL,
  startStack,
  type StackConfig,
  type TestStack,
} from '../support/test-stack.js';

/**
 * What the official SDKs make of the gateway's hints about retrying: the exact wait an upstream
 * asked for, and "do not retry" when an upstream refuses the gateway's account for billing.
 * Retries are counted (at the fake upstreams, or the requests an SDK sends), never timed.
 */

const T = 20_000;

/** A `fetch` that counts the requests an SDK sends, retries included. */
function countingFetch() {
  const counted = {
    sent: 0,
    fetch: (input: string | URL | Request, init?: RequestInit) => {
      counted.sent += 1;
      return fetch(input, init);
    },
  };
  return counted;
}

const openai = (url: string, maxRetries: number, fetch?: typeof globalThis.fetch) =>
  new OpenAI({ baseURL: `${url}/v1`, apiKey: 'client-key', maxRetries, fetch });
const anthropic = (url: string, maxRetries: number, fetch?: typeof globalThis.fetch) =>
  new Anthropic({ baseURL: url, apiKey: 'client-key', maxRetries, fetch });

/** OpenAI's rate limit with a wait below a second, which a whole-second `retry-after` cannot say. */
const RATE_LIMITED_200MS = {
  status: 429,
  headers: { 'retry-after-ms': '200', 'retry-after': '1' },
  json: { error: { message: 'Slow down', type: 'requests', param: null, code: 'rate_limit_exceeded' } },
};

/** OpenAI's answer to an account without credit: a 429, though no wait brings the credit back. */
const INSUFFICIENT_QUOTA = {
  status: 429,
  json: {
    error: {
      message: 'You exceeded your current quota, please check your plan and billing details.',
      type: 'insufficient_quota',
      param: null,
      code: 'insufficient_quota',
    },
  },
};

const BILLING_ERROR = {
  status: 402,
  json: { type: 'error', error: { type: 'billing_error', message: 'Your payment method was declined.' } },
};

/** A model on OpenAI then Claude (weighted so OpenAI comes first), and one on each alone. */
function withBillingModels(config: StackConfig, names: Record<'PAIR' | 'ALONE' | 'CLAUDE_ALONE', string>): StackConfig {
  const onOpenAI = { provider: PROVIDER.openai, upstream_model: UPSTREAM_MODEL.openai };
  const onClaude = { provider: PROVIDER.anthropic, upstream_model: UPSTREAM_MODEL.anthropic };
  const models: object[] = [
    {
      name: names.PAIR,
      deployments: [
        { ...onOpenAI, weight: 1000 },
        { ...onClaude, weight: 1 },
      ],
    },
    { name: names.ALONE, ...onOpenAI },
    { name: names.CLAUDE_ALONE, ...onClaude },
  ];
  const fallback = { ...config.fallback, max_attempts: 3 };
  return { ...config, models: [...config.models, ...models], fallback } as StackConfig;
}

describe('an upstream’s wait below a second', () => {
  let stack: TestStack;

  // One attempt per request (see `stackConfig`): the 429 reaches the client instead of a retry at the gateway.
  beforeAll(async () => {
    stack = await startStack();
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  it.each(['openai', 'anthropic'] as const)(
    'reaches the %s dialect as retry-after-ms, beside the whole seconds',
    async (dialect) => {
      stack.fakes.openai.script(RATE_LIMITED_200MS);
      const res = await postChat(stack.gateway.url, dialect, chatBody(dialect, MODEL.openai));
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after-ms')).toBe('200');
      expect(res.headers.get('retry-after')).toBe('1');
    },
    T,
  );

  it(
    'is waited by the openai SDK, whose one retry is answered',
    async () => {
      stack.fakes.openai.script(RATE_LIMITED_200MS);
      const answer = await openai(stack.gateway.url, 1).chat.completions.create({
        model: MODEL.openai,
        messages: [{ role: 'user', content: 'soon' }],
      });
      expect(answer.choices[0]?.message.content).toBe('echo: soon');
      expect(stack.fakes.openai.calls).toBe(2);
    },
    T,
  );
});

describe('an upstream refusing the gateway’s account for billing', () => {
  let stack: TestStack;
  const PAIR = 'billed-then-claude';
  const ALONE = 'billed-alone';
  const CLAUDE_ALONE = 'billed-claude-alone';

  // More than one attempt; the stack's breaker has no cooldown, so a refused key would half-open it at once.
  beforeAll(async () => {
    stack = await startStack({ config: (config) => withBillingModels(config, { PAIR, ALONE, CLAUDE_ALONE }) });
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  it(
    'fails over to the next deployment at once, and leaves the refusing one out of the requests that follow',
    async () => {
      stack.fakes.openai.script(INSUFFICIENT_QUOTA);
      const ask = (prompt: string) =>
        openai(stack.gateway.url, 0).chat.completions.create({
          model: PAIR,
          messages: [{ role: 'user', content: prompt }],
        });

      expect((await ask('elsewhere')).choices[0]?.message.content).toBe('echo: elsewhere');
      expect([stack.fakes.openai.calls, stack.fakes.anthropic.calls]).toEqual([1, 1]);
      expect((await ask('again')).choices[0]?.message.content).toBe('echo: again');
      expect([stack.fakes.openai.calls, stack.fakes.anthropic.calls]).toEqual([1, 2]);
    },
    T,
  );

  it(
    'with no other deployment, reaches the openai SDK as a 503 it does not retry, not as the client’s quota',
    async () => {
      stack.fakes.openai.script(INSUFFICIENT_QUOTA, 3);
      const counted = countingFetch();
      const failure = await openai(stack.gateway.url, 2, counted.fetch)
        .chat.completions.create({ model: ALONE, messages: [{ role: 'user', content: 'hi' }] })
        .catch((err: unknown) => err);

      expect(failure).toBeInstanceOf(OpenAI.InternalServerError);
      expect(failure).toMatchObject({ status: 503, type: 'api_error', code: 'upstream_billing_refused' });
      expect((failure as { headers: Headers }).headers.get('x-should-retry')).toBe('false');
      expect((failure as Error).message).not.toMatch(/insufficient_quota|exceeded your current quota/);
      expect(stack.fakes.openai.calls).toBe(1);
      // The benched deployment would not be called again: what shows the SDK did not retry is what it sent.
      expect(counted.sent).toBe(1);
    },
    T,
  );

  it(
    'with no other deployment, reaches the Anthropic SDK as an api_error it does not retry',
    async () => {
      stack.fakes.anthropic.script(BILLING_ERROR, 3);
      const counted = countingFetch();
      const failure = await anthropic(stack.gateway.url, 2, counted.fetch)
        .messages.create({ model: CLAUDE_ALONE, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] })
        .catch((err: unknown) => err);

      expect(failure).toBeInstanceOf(Anthropic.InternalServerError);
      expect(failure).toMatchObject({ status: 503, error: { error: { type: 'api_error' } } });
      expect((failure as { headers: Headers }).headers.get('x-should-retry')).toBe('false');
      expect((failure as Error).message).not.toMatch(/payment method/);
      expect(stack.fakes.anthropic.calls).toBe(1);
      expect(counted.sent).toBe(1);
    },
    T,
  );
});
