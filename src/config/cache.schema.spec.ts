import { SecretRedactor } from '#src/core/redact.js';
import { ConfigError } from './config-error.js';
import { readEnv } from './env.js';
import { loadGatewayConfigWithWarnings } from './gateway-config.loader.js';

const BASE = `
providers:
  up: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: k }
models:
  - { name: fast, provider: up, upstream_model: a }
  - { name: slow, provider: up, upstream_model: b }
`;

async function load(cache: string) {
  const env = readEnv({ GATEWAY_CONFIG: 'gateway.yaml' });
  const deps = {
    readFile: () => `${BASE}${cache}`,
    fileExists: () => true,
    discoverOllama: async () => [],
    redactor: new SecretRedactor(),
  };
  return (await loadGatewayConfigWithWarnings(env, deps)).config;
}

async function problemsOf(cache: string): Promise<string[]> {
  try {
    await load(cache);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('cache section of gateway.yaml', () => {
  it('is off with every default when absent', async () => {
    const { cache } = await load('');
    expect(cache).toMatchObject({ mode: 'off', ttlS: 3600, scope: 'key', sampled: false, models: {} });
    expect(cache?.semantic).toMatchObject({ encoder: 'local', threshold: 0.85 });
  });

  it('reads modes, scope, per-model overrides, and an embedding encoder with its own default threshold', async () => {
    const { cache } = await load(`
cache:
  mode: exact
  ttl: 60
  max_bytes: 1048576
  scope: team
  sampled: "true"
  semantic: { encoder: up/text-embedding-3-small }
  overrides:
    - { models: [slow], mode: semantic, ttl: 600 }
`);
    expect(cache).toMatchObject({ mode: 'exact', ttlS: 60, maxBytes: 1048576, scope: 'team', sampled: true });
    expect(cache?.semantic).toMatchObject({ encoder: 'up/text-embedding-3-small', threshold: 0.92 });
    expect(cache?.models).toEqual({ slow: { mode: 'semantic', ttlS: 600 } });
  });

  it('names the place of each mistake', async () => {
    const problems = await problemsOf(`
cache:
  mode: always
  overrides:
    - { models: [nope] }
  semantic: { encoder: elsewhere/model }
`);
    expect(problems.join('\n')).toMatch(/cache\.mode.*expected one of off, exact, semantic/);
    expect(problems.join('\n')).toMatch(/cache\.overrides\[0\]\.models\[0\].*unknown model "nope"/);
    expect(problems.join('\n')).toMatch(/cache\.semantic\.encoder.*unknown provider "elsewhere"/);
  });
});
