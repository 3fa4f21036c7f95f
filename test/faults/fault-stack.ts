import type { FakeUpstream } from '../fakes/fake-upstream.js';
import { fakeKits, type VendorKind } from '../fakes/fake-kits.js';
import { refusingUrl, VENDOR_MODEL } from '../support/fake-providers.js';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';

/**
 * The fault suites' stack: an OpenAI, an Anthropic and an Ollama fake that accept only a canary
 * key, a port nothing listens on, and one gateway in front of them. Each catalogue case names its
 * number (reliability.md §3) in its test title.
 */

/** The upstream key every provider is configured with; it must never reach a client or a log. */
export const CANARY = 'sk-CANARY-0123456789abcdef';

/** Provider names in the gateway's config, as `x-switchyard-provider` reports them. */
export const P = { openai: 'live-openai', anthropic: 'live-anthropic', ollama: 'live-ollama', dead: 'dead-openai' };

export const UPSTREAM: Record<VendorKind, string> = { ...VENDOR_MODEL, ollama: 'llama3.2' };

/** Small limits, so that an oversized answer costs the test kilobytes, not megabytes. */
export const LIMITS = { max_response_bytes: 64 * 1024, max_stream_line_bytes: 16 * 1024 };

export interface FaultStack {
  gateway: RunningGateway;
  fakes: Record<VendorKind, FakeUpstream>;
  deadUrl: string;
  reset(): void;
  stop(): Promise<void>;
}

const deployment = (provider: string, vendor: VendorKind, weight: number) => ({
  provider,
  upstream_model: UPSTREAM[vendor],
  weight,
});

/** `a-then-b`: the first deployment (weighted 1000 to 1) is the one a test makes fail. */
const pair = (name: string, first: [string, VendorKind], second: [string, VendorKind]) => ({
  name,
  deployments: [deployment(...first, 1000), deployment(...second, 1)],
});

function faultConfig(fakes: Record<VendorKind, FakeUpstream>, deadUrl: string, fallback: object): object {
  const solo = (name: string, provider: string, vendor: VendorKind, fallbacks: string[] = []) => ({
    name,
    provider,
    upstream_model: UPSTREAM[vendor],
    fallbacks,
  });
  return {
    providers: {
      [P.openai]: { type: 'openai', base_url: `${fakes.openai.url}/v1`, api_key: CANARY },
      [P.anthropic]: { type: 'anthropic', base_url: fakes.anthropic.url, api_key: CANARY },
      [P.ollama]: { type: 'ollama', base_url: fakes.ollama.url },
      [P.dead]: { type: 'openai', base_url: `${deadUrl}/v1`, api_key: CANARY },
      azure: { type: 'openai', base_url: `${fakes.openai.url}/v1?api-version=2024-10-21`, api_key: CANARY },
    },
    models: [
      pair('openai-then-anthropic', [P.openai, 'openai'], [P.anthropic, 'anthropic']),
      pair('anthropic-then-openai', [P.anthropic, 'anthropic'], [P.openai, 'openai']),
      pair('ollama-then-openai', [P.ollama, 'ollama'], [P.openai, 'openai']),
      pair('dead-then-anthropic', [P.dead, 'openai'], [P.anthropic, 'anthropic']),
      solo('solo-openai', P.openai, 'openai'),
      solo('solo-anthropic', P.anthropic, 'anthropic'),
      solo('solo-dead', P.dead, 'openai'),
      solo('azure-model', 'azure', 'openai'),
      solo('keyed-openai', P.openai, 'openai', ['helper-anthropic']),
      solo('keyed-anthropic', P.anthropic, 'anthropic', ['helper-openai']),
      solo('helper-anthropic', P.anthropic, 'anthropic'),
      solo('helper-openai', P.openai, 'openai'),
    ],
    routing: { default: ['solo-openai'] },
    fallback,
  };
}

/** Breakers that open only on a refused key (at once), so scripted failures are seen by the failover alone. */
export const NEVER_OPEN = { failures: 1000, cooldown_ms: 60_000, failure_rate: 1, min_requests: 1000 };

export async function startFaultStack(fallback: object = {}): Promise<FaultStack> {
  const fakes = {
    openai: await fakeKits.openai.start({ apiKey: CANARY, models: [UPSTREAM.openai] }),
    anthropic: await fakeKits.anthropic.start({ apiKey: CANARY, models: [UPSTREAM.anthropic] }),
    ollama: await fakeKits.ollama.start({ models: [`${UPSTREAM.ollama}:latest`] }),
  };
  const deadUrl = await refusingUrl();
  const settings = {
    max_attempts: 3,
    first_byte_timeout_ms: 1000,
    idle_timeout_ms: 1000,
    breaker: NEVER_OPEN,
    ...LIMITS,
    ...fallback,
  };
  const closeFakes = () => Promise.all(Object.values(fakes).map((f) => f.close()));
  try {
    const gateway = await startGateway({ config: faultConfig(fakes, deadUrl, settings) });
    return {
      gateway,
      fakes,
      deadUrl,
      reset: () => Object.values(fakes).forEach((f) => f.reset()),
      stop: async () => {
        await gateway.stop();
        await closeFakes();
      },
    };
  } catch (err) {
    await closeFakes();
    throw err;
  }
}
