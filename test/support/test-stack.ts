import type { FakeUpstream } from '../fakes/fake-upstream.js';
import { startAnthropicFake } from '../fakes/anthropic-fake.js';
import { startOllamaFake } from '../fakes/ollama-fake.js';
import { startOpenAIFake } from '../fakes/openai-fake.js';
import { UPSTREAM_KEY } from './fake-providers.js';
import { startGateway, type RunningGateway } from './gateway-process.js';

/** The providers every suite configures; `mock` is the gateway's built-in provider. */
export type ProviderCase = 'openai' | 'anthropic' | 'ollama' | 'mock';
export type FakeCase = Exclude<ProviderCase, 'mock'>;

/** The gateway's model name for each provider. */
export const MODEL: Record<ProviderCase, string> = {
  openai: 'fake-openai',
  anthropic: 'fake-claude',
  ollama: 'fake-ollama',
  mock: 'demo',
};
/** The config key of each provider, as `x-switchyard-provider` names it. */
export const PROVIDER: Record<ProviderCase, string> = {
  openai: 'openai-fake',
  anthropic: 'anthropic-fake',
  ollama: 'ollama-fake',
  mock: 'mock',
};
/** The model id each fake is asked for. */
export const UPSTREAM_MODEL: Record<ProviderCase, string> = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-sonnet-4-5',
  ollama: 'llama3.2',
  mock: 'demo',
};

export const FAKE_CASES: FakeCase[] = ['openai', 'anthropic', 'ollama'];
export const PROVIDER_CASES: ProviderCase[] = [...FAKE_CASES, 'mock'];

export type Fakes = Record<FakeCase, FakeUpstream>;

export interface TestStack {
  gateway: RunningGateway;
  fakes: Fakes;
  /** Clears every fake's scripts and records. */
  reset(): void;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** The upstream key configured for the OpenAI and Anthropic fakes (and checked by them). */
  apiKey?: string;
  env?: Record<string, string>;
  /** Changes the gateway.yaml before start, e.g. to add a provider in front of one of the fakes. */
  config?: (config: StackConfig, fakes: Fakes) => StackConfig;
}

export type StackConfig = ReturnType<typeof stackConfig>;

/**
 * The gateway.yaml every suite uses: one model per provider, no retries, a breaker that reopens at
 * once (save after a billing refusal, which benches a deployment for minutes whatever the cool-down).
 */
export function stackConfig(fakes: Fakes, apiKey: string) {
  const model = (p: ProviderCase) => ({
    name: MODEL[p],
    provider: PROVIDER[p],
    upstream_model: UPSTREAM_MODEL[p],
    weight: 1,
    capabilities: ['tools', 'vision', 'reasoning'],
  });
  return {
    providers: {
      // The fakes stand in for the vendors' own APIs, so they read the vendors' stored files.
      [PROVIDER.openai]: { type: 'openai', base_url: `${fakes.openai.url}/v1`, api_key: apiKey, stored_files: true },
      [PROVIDER.anthropic]: { type: 'anthropic', base_url: fakes.anthropic.url, api_key: apiKey, stored_files: true },
      [PROVIDER.ollama]: { type: 'ollama', base_url: fakes.ollama.url, api_key: apiKey },
      [PROVIDER.mock]: { type: 'mock' },
    },
    models: PROVIDER_CASES.map(model),
    routing: { default: [MODEL.mock] },
    // One attempt and a breaker that does not stay open keep each scripted upstream answer visible to the
    // test (a refused key opens it at once; with no cooldown it half-opens at once too; an upstream
    // refusing the account for billing is the exception: it stays open for minutes).
    fallback: { max_attempts: 1, breaker: { failures: 1000, cooldown_ms: 0, failure_rate: 1, min_requests: 1000 } },
  };
}

/**
 * A `config` that also serves `name` from the OpenAI fake's Responses API (`wire_api: responses`),
 * where a Responses client's requests are relayed as they came; for a stack on the default key.
 */
export function withResponsesModel(name: string) {
  return (config: StackConfig, fakes: Fakes) => ({
    ...config,
    providers: {
      ...config.providers,
      'openai-responses-fake': {
        type: 'openai',
        base_url: `${fakes.openai.url}/v1`,
        api_key: UPSTREAM_KEY,
        wire_api: 'responses',
      },
    },
    models: [...config.models, { ...config.models[0], name, provider: 'openai-responses-fake' }],
  });
}

/** Starts the three fakes and one gateway in front of them. */
export async function startStack(options: StackOptions = {}): Promise<TestStack> {
  const apiKey = options.apiKey ?? UPSTREAM_KEY;
  const fakes: Fakes = {
    openai: await startOpenAIFake({ apiKey, models: [UPSTREAM_MODEL.openai] }),
    anthropic: await startAnthropicFake({ apiKey, models: [UPSTREAM_MODEL.anthropic] }),
    ollama: await startOllamaFake({ models: [`${UPSTREAM_MODEL.ollama}:latest`] }),
  };
  const closeFakes = () => Promise.all(FAKE_CASES.map((k) => fakes[k].close()));
  let gateway: RunningGateway;
  try {
    const base = stackConfig(fakes, apiKey);
    gateway = await startGateway({ config: options.config?.(base, fakes) ?? base, env: options.env });
  } catch (err) {
    await closeFakes();
    throw err;
  }
  return {
    gateway,
    fakes,
    reset: () => FAKE_CASES.forEach((k) => fakes[k].reset()),
    stop: async () => {
      await gateway.stop();
      await closeFakes();
    },
  };
}
