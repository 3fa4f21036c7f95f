import type { ChatRequest } from '#src/core/chat.types.js';
import { isGatewayError } from '#src/core/gateway-error.js';
import { PriceBook } from '#src/observability/cost.js';
import { MemorySharedState } from '#src/state/memory-shared-state.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import type { KeyHolder } from './client-key-auth.js';
import type { KeyBudget, KeyLimits } from './client-key.types.js';
import { KeyAdmission } from './key-admission.js';
import { modelAllowlist } from './model-allowlist.js';
import { aClientKey, aHolder, temporaryAdmission } from './keys.spec-support.js';

const PRICES = new PriceBook({
  models: [
    {
      name: 'demo',
      deployments: [{ provider: 'mock', upstreamModel: 'demo', weight: 1 }],
      weight: 1,
      capabilities: [],
      fallbacks: [],
      price: { inputPerMtok: 1_000_000, outputPerMtok: 1_000_000 },
    },
  ],
});

function holderOf(limits: KeyLimits, budget?: KeyBudget): KeyHolder {
  return aHolder(aClientKey({ id: 'key_a', name: 'ci', limits, budget }));
}

/** Eight tokens in by the estimate ('hi' and its overheads), `maxTokens` out: at a dollar a token, 8 + maxTokens dollars. */
const aRequest = (maxTokens: number): ChatRequest => ({
  model: 'demo',
  maxTokens,
  stream: false,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
});

let removeAdmission: () => Promise<void>;
let admission: KeyAdmission;
let clock: ManualClock;

beforeEach(async () => {
  // 10 s into a minute, so the rate-limit window has 50 s left.
  clock = new ManualClock(Date.UTC(2025, 0, 15, 12, 0, 10));
  ({ admission, remove: removeAdmission } = await temporaryAdmission('keys-admission-', clock, PRICES));
});

afterEach(() => removeAdmission());

function headerSink() {
  const sent: Record<string, string> = {};
  return { sent, header: (name: string, value: string) => (sent[name] = value) };
}

async function refusal(admitted: () => unknown) {
  const err = await Promise.resolve()
    .then(admitted)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  if (!isGatewayError(err)) throw new Error(`expected a refusal, got ${String(err)}`);
  return err;
}

describe('KeyAdmission', () => {
  it('admits a key without limits within the call and sends no rate-limit headers', () => {
    const answer = headerSink();
    const admitted = admission.admit(holderOf({}), aRequest(16), 'openai', answer);
    expect(admitted).not.toBeInstanceOf(Promise);
    expect(answer.sent).toEqual({});
  });

  it("sends the key's remaining requests with the answer, and with the 429 that follows", async () => {
    const holder = holderOf({ rpm: 1 });
    const first = headerSink();
    await admission.admit(holder, aRequest(16), 'openai', first);
    expect(first.sent).toMatchObject({ 'x-ratelimit-limit-requests': '1', 'x-ratelimit-remaining-requests': '0' });
    const second = headerSink();
    const err = await refusal(() => admission.admit(holder, aRequest(16), 'openai', second));
    expect(err.status).toBe(429);
    expect(second.sent).toMatchObject({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '50s' });
  });

  it('measures a prompt the caller counts only for a token limit or a budget, and takes that count', async () => {
    let measured = 0;
    const tenTokens = () => {
      measured++;
      return 10;
    };
    await admission.admit(
      holderOf({ rpm: 5, maxConcurrent: 2 }),
      aRequest(0),
      'openai',
      headerSink(),
      undefined,
      tenTokens,
    );
    expect(measured).toBe(0);

    const holder = holderOf({ tpm: 10 });
    await admission.admit(holder, aRequest(0), 'openai', headerSink(), undefined, tenTokens);
    expect(measured).toBe(1);
    const err = await refusal(() => admission.admit(holder, aRequest(0), 'openai', headerSink(), undefined, () => 1));
    expect(err.status).toBe(429);
  });

  it('gives back the request it counted when the budget refuses, so the next one fits the rate limit', async () => {
    const holder = holderOf({ rpm: 1 }, { usd: 0, period: 'day' });
    const err = await refusal(() => admission.admit(holder, aRequest(20), 'openai', headerSink()));
    expect(err.kind).toBe('quota_exceeded');
    const admitted = await admission.admit(holderOf({ rpm: 1 }), aRequest(1), 'openai', headerSink());
    expect(admitted.allows).toBeUndefined();
  });

  it('settles the budget to the real cost once the request is over', async () => {
    const holder = holderOf({}, { usd: 10, period: 'day' });
    const admitted = await admission.admit(holder, aRequest(2), 'openai', headerSink());
    admitted.finish({ model: 'demo', usage: { inputTokens: 1, outputTokens: 1 } });
    // $10 estimated, $2 spent: $8 are left, for one more request estimated at $8.
    await admission.admit(holder, aRequest(0), 'openai', headerSink());
    await refusal(() => admission.admit(holder, aRequest(0), 'openai', headerSink()));
  });

  it('charges an answer cut short before its usage came the prompt and the whole output it allowed', async () => {
    const holder = holderOf({ tpm: 100 });
    const left = await admission.admit(holder, aRequest(16), 'openai', headerSink());
    left.finish({ model: 'demo', cutShort: 'left' });
    const next = headerSink();
    await admission.admit(holder, aRequest(16), 'openai', next);
    // Both requests' 24 tokens stay counted: the first gave back nothing.
    expect(next.sent).toMatchObject({ 'x-ratelimit-remaining-tokens': '52' });
  });

  it('charges a stream cut short after some of its output was read the prompt and what was read', async () => {
    const holder = holderOf({ tpm: 100 });
    const left = await admission.admit(holder, aRequest(16), 'openai', headerSink());
    // Twenty characters read: five tokens of the sixteen allowed.
    left.finish({ model: 'demo', cutShort: 'left', outputChars: 20 });
    const next = headerSink();
    await admission.admit(holder, aRequest(16), 'openai', next);
    // 8 + 5 tokens for the first request, 24 estimated for the second.
    expect(next.sent).toMatchObject({ 'x-ratelimit-remaining-tokens': '63' });
  });

  it('settles a budget at the prompt reported and the whole output allowed when the answer was cut short', async () => {
    const holder = holderOf({}, { usd: 24, period: 'day' });
    const left = await admission.admit(holder, aRequest(16), 'openai', headerSink());
    // The stream's start said 8 tokens in; its output count never came.
    left.finish({ model: 'demo', usage: { inputTokens: 8, outputTokens: 0 }, cutShort: 'left' });
    // $24 charged: the budget is spent.
    const err = await refusal(() => admission.admit(holder, aRequest(0), 'openai', headerSink()));
    expect(err.kind).toBe('quota_exceeded');
  });

  it('gives back everything of a request that ended before any upstream was called', async () => {
    const holder = holderOf({ tpm: 100 }, { usd: 30, period: 'day' });
    const refused = await admission.admit(holder, aRequest(16), 'openai', headerSink());
    refused.finish({});
    const next = headerSink();
    await admission.admit(holder, aRequest(16), 'openai', next);
    expect(next.sent).toMatchObject({ 'x-ratelimit-remaining-tokens': '76' });
  });

  it('gives back the place of a stream that ends minutes after it was admitted, its tokens to the minute it began in', async () => {
    const holder = holderOf({ maxConcurrent: 1, tpm: 100 });
    const stream = await admission.admit(holder, aRequest(16), 'openai', headerSink());
    await refusal(() => admission.admit(holder, aRequest(16), 'openai', headerSink()));
    clock.advance(5 * 60_000);
    stream.finish({ model: 'demo', usage: { inputTokens: 60, outputTokens: 30 } });
    const next = headerSink();
    await admission.admit(holder, aRequest(16), 'openai', next);
    // A new minute: the stream's 90 tokens went to the minute it began in, not this one.
    expect(next.sent).toMatchObject({ 'x-ratelimit-remaining-tokens': '76' });
  });

  /** Counters whose first change of a count fails, as a fault would: the one settling the request's tokens. */
  const failingOnce = () => {
    const state = new MemorySharedState(clock);
    const { counters } = state;
    const add = counters.add.bind(counters);
    let broken = true;
    counters.add = (...args) => {
      if (!broken) return add(...args);
      broken = false;
      throw new Error('the tokens counter cannot be changed');
    };
    return temporaryAdmission('keys-admission-failing-', clock, PRICES, state);
  };

  it('settles the budget to the real cost though the tokens could not be settled', async () => {
    const failing = await failingOnce();
    try {
      const holder = holderOf({ tpm: 100 }, { usd: 10, period: 'day' });
      const admitted = await failing.admission.admit(holder, aRequest(2), 'openai', headerSink());
      expect(() => admitted.finish({ model: 'demo', usage: { inputTokens: 1, outputTokens: 1 } })).toThrow(
        'the tokens counter cannot be changed',
      );
      // $10 estimated, $2 spent: $8 are left, for one more request estimated at $8.
      await failing.admission.admit(holder, aRequest(0), 'openai', headerSink());
      await refusal(() => failing.admission.admit(holder, aRequest(0), 'openai', headerSink()));
    } finally {
      await failing.remove();
    }
  });

  it('gives back the place of a request whose tokens could not be settled', async () => {
    const failing = await failingOnce();
    try {
      const holder = holderOf({ maxConcurrent: 1, tpm: 100 });
      const stream = await failing.admission.admit(holder, aRequest(16), 'openai', headerSink());
      expect(() => stream.finish({ model: 'demo', usage: { inputTokens: 60, outputTokens: 30 } })).toThrow(
        'the tokens counter cannot be changed',
      );
      const next = Promise.resolve().then(() => failing.admission.admit(holder, aRequest(16), 'openai', headerSink()));
      await expect(next).resolves.toBeDefined();
    } finally {
      await failing.remove();
    }
  });
});

describe('KeyAdmission with a model allowlist', () => {
  function allowing(patterns: string[], defaultModel?: string): KeyHolder {
    const key = aClientKey({ id: 'key_b', name: 'ci', allowedModels: patterns, defaultModel });
    return { ...aHolder(key), allows: modelAllowlist(patterns) };
  }
  const asking = (model: string | undefined): ChatRequest => ({ ...aRequest(1), model });
  const configured = ['claude-sonnet-4-5', 'gpt-4o', 'gpt-4o-mini', 'llama3'];
  /** A sent name's model as the catalog finds it: the name itself when configured, else without its snapshot suffix. */
  const snapshots = (sent: string) =>
    [sent, sent.replace(/-(\d{8}|latest)$|:latest$/, '')].find((name) => configured.includes(name));

  it('leaves `auto` and an empty model to routing, which keeps within the allowlist', async () => {
    for (const model of ['auto', '', undefined]) {
      const admitted = await admission.admit(allowing(['gpt-4o*']), asking(model), 'openai', headerSink());
      expect(admitted.allows?.('gpt-4o')).toBe(true);
      expect(admitted.allows?.('cursor')).toBe(false);
    }
  });

  it('gives `auto` the key’s default model', async () => {
    const request = asking('auto');
    await admission.admit(allowing(['gpt-4o*'], 'gpt-4o-mini'), request, 'openai', headerSink());
    expect(request.model).toBe('gpt-4o-mini');
  });

  it('admits a snapshot name by the allowed model it resolves to, and refuses one outside the allowlist', async () => {
    const key = allowing(['claude-sonnet-4-5']);
    const dated = asking('claude-sonnet-4-5-20250929');
    await expect(
      Promise.resolve(admission.admit(key, dated, 'anthropic', headerSink(), snapshots)),
    ).resolves.toBeDefined();
    const err = await refusal(() => admission.admit(key, asking('gpt-4o'), 'openai', headerSink(), snapshots));
    expect(err).toMatchObject({ kind: 'forbidden', status: 403, param: 'model' });
  });

  it('refuses a name the allowlist matches as sent when the model it resolves to is outside it', async () => {
    const variants = allowing(['gpt-4o-*', 'llama3:*']);
    for (const sent of ['gpt-4o-latest', 'gpt-4o-20240513', 'llama3:latest']) {
      const err = await refusal(() => admission.admit(variants, asking(sent), 'openai', headerSink(), snapshots));
      expect(err).toMatchObject({ kind: 'forbidden', status: 403, param: 'model' });
      expect((err as Error).message).toContain(`'${sent}'`);
    }
    await expect(
      Promise.resolve(admission.admit(variants, asking('gpt-4o-mini'), 'openai', headerSink(), snapshots)),
    ).resolves.toBeDefined();
  });
});
