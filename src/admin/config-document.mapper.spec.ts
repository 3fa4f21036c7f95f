import { parse } from 'yaml';
import { redactor } from '#src/core/redact.js';
import type { GatewayConfig } from '#src/config/gateway-config.types.js';
import { configYaml } from './config-document.mapper.js';

const REGISTERED = 'registered-secret-value-7Q2';

const config = {
  origin: '/etc/switchyard/gateway.yaml',
  demoMode: false,
  providers: {
    openai: {
      name: 'openai',
      type: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      apiKey: 'sk-live-abcdefghijklmnop',
      configured: true,
      headers: { 'OpenAI-Organization': 'org-visible', 'X-Auth-Token': 'plain-looking', 'X-Extra': REGISTERED },
    },
    vllm: {
      name: 'vllm',
      type: 'openai',
      baseUrl: 'https://gpu.example/v1',
      configured: true,
      headers: {},
    },
  },
  models: [
    {
      name: 'gpt-4o',
      deployments: [{ provider: 'openai', upstreamModel: 'gpt-4o', weight: 2 }],
      weight: 1,
      capabilities: ['tools'],
      contextWindow: 128000,
      price: { inputPerMtok: 2.5, outputPerMtok: 10 },
      fallbacks: [],
    },
  ],
  routing: { default: ['gpt-4o'], strategy: 'weighted', rules: [{ pattern: 'code', models: ['gpt-4o'] }] },
  fallback: {
    maxAttempts: 3,
    timeoutMs: 120000,
    firstByteTimeoutMs: 20000,
    idleTimeoutMs: 60000,
    breaker: { failures: 5, cooldownMs: 30000, failureRate: 0.5, minRequests: 10, windowMs: 60000 },
  },
} as unknown as GatewayConfig;

describe('the effective configuration as YAML', () => {
  redactor.register(REGISTERED);
  let text = '';
  let doc: {
    providers: Record<string, { api_key?: string; base_url: string; headers?: Record<string, string> }>;
    models: Array<Record<string, unknown>>;
    fallback: Record<string, unknown>;
  };

  beforeAll(async () => {
    text = await configYaml(config);
    doc = parse(text) as typeof doc;
  });

  it('masks every api key and never contains one', () => {
    expect(doc.providers.openai.api_key).toBe('****');
    expect(text).not.toContain('sk-live-abcdefghijklmnop');
  });

  it('masks headers named like secrets and headers whose value is a known secret, and shows the rest', () => {
    expect(doc.providers.openai.headers).toEqual({
      'OpenAI-Organization': 'org-visible',
      'X-Auth-Token': '****',
      'X-Extra': '****',
    });
    expect(text).not.toContain(REGISTERED);
  });

  it('shows a base URL as configured', () => {
    expect(doc.providers.vllm.base_url).toBe('https://gpu.example/v1');
  });

  it('writes fields the way the configuration file spells them', () => {
    expect(doc.models[0]).toMatchObject({
      context_window: 128000,
      price: { input_per_mtok: 2.5, output_per_mtok: 10 },
      deployments: [{ provider: 'openai', upstream_model: 'gpt-4o', weight: 2 }],
    });
    expect(doc.fallback).toMatchObject({ max_attempts: 3, breaker: { cooldown_ms: 30000 } });
  });
});
