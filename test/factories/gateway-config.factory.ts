import type { GatewayConfig, ModelConfig, ProviderConfig } from '#src/config/gateway-config.types.js';
import type { ChatRequest, RequestRoutingRule, StoredFileSource } from '#src/core/chat.types.js';

/** A model on provider `p` (configured) unless told otherwise. */
export function aModel(name: string, overrides: Partial<ModelConfig> = {}): ModelConfig {
  return {
    name,
    deployments: [{ provider: 'p', upstreamModel: name, weight: 1 }],
    weight: 1,
    capabilities: ['tools', 'vision'],
    fallbacks: [],
    ...overrides,
  };
}

export function aProvider(name: string, configured = true): ProviderConfig {
  return { name, type: 'mock', baseUrl: 'http://127.0.0.1:1', configured, headers: {} };
}

export function aConfig(models: ModelConfig[], overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  const providers = Object.fromEntries(
    [...new Set(models.flatMap((m) => m.deployments.map((d) => d.provider)))].map((p) => [p, aProvider(p)]),
  );
  return {
    origin: 'test',
    providers,
    models,
    routing: { default: models.map((m) => m.name), strategy: 'weighted', rules: [] },
    fallback: {
      maxAttempts: 3,
      timeoutMs: 10_000,
      firstByteTimeoutMs: 5_000,
      idleTimeoutMs: 5_000,
      maxResponseBytes: 32 * 1024 * 1024,
      maxStreamLineBytes: 1024 * 1024,
      breaker: { failures: 3, cooldownMs: 30_000, failureRate: 1, minRequests: 1000, windowMs: 60_000 },
    },
    demoMode: false,
    ...overrides,
  };
}

export function aRequest(text: string, overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    messages: [{ role: 'user', content: [{ type: 'text', text }] }],
    stream: false,
    ...overrides,
  };
}

/** `aRequest(text)` whose one message goes on with a document or image stored with `file.vendor`. */
export function aRequestNamingFile(
  text: string,
  type: 'document' | 'image',
  file: Omit<StoredFileSource, 'kind'>,
): ChatRequest {
  const request = aRequest(text);
  request.messages[0].content.push({ type, source: { kind: 'file', ...file } });
  return request;
}

export function withRules(rules: RequestRoutingRule[]): Partial<ChatRequest> {
  return { routingRules: rules };
}
