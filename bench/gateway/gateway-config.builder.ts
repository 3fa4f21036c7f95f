/** Builds the gateway.yaml for a bench run; JSON is valid YAML, so no YAML writer is needed. */

export type UpstreamKind = 'openai' | 'anthropic';

export interface BenchDeployment {
  kind: UpstreamKind;
  /** `http://127.0.0.1:<port>` of a fake listener. */
  origin: string;
}

export interface BenchModel {
  name: string;
  deployments: BenchDeployment[];
}

export interface BenchFallback {
  maxAttempts: number;
  breakerFailures: number;
}

const providerName = (d: BenchDeployment): string => `${d.kind}_${new URL(d.origin).port}`;

/** Each model's upstream_model is its own name, so the fake's logs could tell them apart. */
export function buildGatewayConfig(models: readonly BenchModel[], fallback: BenchFallback): object {
  const providers: Record<string, object> = {};
  for (const d of models.flatMap((m) => m.deployments)) {
    // OpenAI's base URL carries /v1, Anthropic's does not (each vendor SDK's convention).
    const baseUrl = d.kind === 'openai' ? `${d.origin}/v1` : d.origin;
    providers[providerName(d)] = { type: d.kind, base_url: baseUrl, api_key: 'bench-key' };
  }
  return {
    providers,
    models: models.map((m) => ({
      name: m.name,
      deployments: m.deployments.map((d) => ({ provider: providerName(d), upstream_model: m.name, weight: 1 })),
    })),
    routing: { default: [models[0].name] },
    fallback: {
      max_attempts: fallback.maxAttempts,
      first_byte_timeout_ms: 10_000,
      idle_timeout_ms: 10_000,
      breaker: {
        failures: fallback.breakerFailures,
        cooldown_ms: 1_000,
        failure_rate: 1,
        min_requests: 1_000,
        window_ms: 60_000,
      },
    },
  };
}
