import { DEFAULT_AFFINITY } from './config-defaults.js';
import { SecretRedactor } from '#src/core/redact.js';
import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.js';
import { readEnv } from './env.js';
import { loadGatewayConfig, loadGatewayConfigWithWarnings } from './gateway-config.loader.js';

/** Loads `yaml` as the file named by GATEWAY_CONFIG, with `vars` as the environment. */
function fromFile(yaml: string, vars: Record<string, string> = {}, redactor = new SecretRedactor()) {
  const env = readEnv({ GATEWAY_CONFIG: 'gateway.yaml', ...vars });
  const deps = {
    readFile: () => yaml,
    fileExists: () => true,
    discoverOllama: async () => [{ tag: 'never-used', capabilities: [] }],
    redactor,
  };
  return loadGatewayConfigWithWarnings(env, deps);
}

async function problemsOf(loading: Promise<unknown>): Promise<string[]> {
  try {
    await loading;
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const VALID = `
providers:
  claude: { type: anthropic, api_key: "\${CLAUDE_API_KEY}", max_output_tokens: 8192 }
  openai:
    type: openai
    base_url: "\${OPENAI_BASE_URL:-https://api.openai.com/v1/}"
    api_key: "\${OPENAI_API_KEY}"
    headers: { OpenAI-Organization: org-1, X-Unset: "\${UNSET}" }
  local: { type: ollama }
  fake: { type: mock, latency_ms: 5, words_per_chunk: 3, fail_every: 2, fail_with: rate_limited }
models:
  - name: claude-3-opus
    provider: claude
    upstream_model: claude-opus-4-1
    weight: 3
    capabilities: [tools, vision]
    context_window: 200000
    price: { input_per_mtok: 15, output_per_mtok: 75 }
    fallbacks: [gpt-4o]
  - name: gpt-4o
    deployments:
      - { provider: openai, upstream_model: gpt-4o-2024-08-06, weight: 2 }
      - { provider: local, upstream_model: llama3:latest }
  - { name: fake, provider: fake }
routing:
  strategy: least_busy
  rules:
    - { pattern: "代码|code", model: gpt-4o }
  semantic:
    routes:
      - { name: code, models: [gpt-4o], utterances: ["write a sort function"], threshold: 0.6 }
fallback:
  max_attempts: "\${MAX_ATTEMPTS:-2}"
  breaker: { failures: 9 }
`;

describe('loadGatewayConfig from a file', () => {
  it('maps a valid file to the typed config, filling every default', async () => {
    const { config, warnings } = await fromFile(VALID, {
      CLAUDE_API_KEY: 'sk-ant-test-1234',
      OPENAI_API_KEY: 'sk-oai-5678',
    });
    expect(warnings).toEqual([]);
    expect(config.origin).toBe('gateway.yaml');
    expect(config.providers).toEqual({
      claude: {
        name: 'claude',
        type: 'anthropic',
        baseUrl: 'https://api.anthropic.com',
        apiKey: 'sk-ant-test-1234',
        configured: true,
        headers: {},
        maxOutputTokens: 8192,
        storedFiles: true,
      },
      openai: {
        name: 'openai',
        type: 'openai',
        baseUrl: 'https://api.openai.com/v1',
        apiKey: 'sk-oai-5678',
        configured: true,
        headers: { 'openai-organization': 'org-1' },
        maxOutputTokens: undefined,
        storedFiles: true,
      },
      local: expect.objectContaining({ type: 'ollama', baseUrl: 'http://127.0.0.1:11434', configured: true }),
      fake: expect.objectContaining({
        type: 'mock',
        configured: true,
        mock: {
          latencyMs: 5,
          chunkDelayMs: 0,
          wordsPerChunk: 3,
          reply: undefined,
          failEvery: 2,
          failWith: 'rate_limited',
        },
      }),
    });
    expect(config.models).toEqual([
      {
        name: 'claude-3-opus',
        deployments: [{ provider: 'claude', upstreamModel: 'claude-opus-4-1', weight: 1 }],
        weight: 3,
        capabilities: ['tools', 'vision'],
        contextWindow: 200000,
        price: { inputPerMtok: 15, outputPerMtok: 75 },
        fallbacks: ['gpt-4o'],
      },
      expect.objectContaining({
        name: 'gpt-4o',
        weight: 1,
        deployments: [
          { provider: 'openai', upstreamModel: 'gpt-4o-2024-08-06', weight: 2 },
          { provider: 'local', upstreamModel: 'llama3:latest', weight: 1 },
        ],
      }),
      expect.objectContaining({ name: 'fake', deployments: [{ provider: 'fake', upstreamModel: 'fake', weight: 1 }] }),
    ]);
    expect(config.routing).toEqual({
      default: ['claude-3-opus', 'gpt-4o', 'fake'],
      strategy: 'least_busy',
      rules: [{ pattern: '代码|code', models: ['gpt-4o'] }],
      semantic: {
        encoder: 'local',
        fixedThreshold: 0.05,
        contentGate: true,
        background: true,
        classifier: true,
        routes: [{ name: 'code', models: ['gpt-4o'], utterances: ['write a sort function'], threshold: 0.6 }],
      },
      affinity: DEFAULT_AFFINITY,
    });
    expect(config.fallback).toEqual({
      maxAttempts: 2,
      timeoutMs: 600000,
      firstByteTimeoutMs: 20000,
      idleTimeoutMs: 60000,
      maxResponseBytes: 33554432,
      maxStreamLineBytes: 1048576,
      breaker: { failures: 9, cooldownMs: 30000, failureRate: 0.5, minRequests: 10, windowMs: 60000 },
    });
    expect(config.demoMode).toBe(false);
  });

  it('lists a provider whose key is unset as unconfigured, and its models after the usable ones', async () => {
    const { config } = await fromFile(VALID, { OPENAI_API_KEY: 'sk-oai-5678' });
    expect(config.providers.claude).toMatchObject({ configured: false, apiKey: '' });
    expect(config.models.map((m) => m.name)).toEqual(['claude-3-opus', 'gpt-4o', 'fake']);
    expect(config.routing.default).toEqual(['gpt-4o', 'fake', 'claude-3-opus']);
  });

  it('is in demo mode when only mock providers can answer', async () => {
    const { config } = await fromFile(VALID.replace('{ type: ollama }', '{ type: ollama, base_url: "${NO_OLLAMA}" }'));
    expect(config.demoMode).toBe(true);
  });

  it('registers every key with the redactor as soon as it is read', async () => {
    const redactor = new SecretRedactor();
    await fromFile(VALID, { CLAUDE_API_KEY: 'claude-key-abcdef', OPENAI_API_KEY: 'openai-key-123456' }, redactor);
    const line = redactor.redact('upstream said: bad key claude-key-abcdef / openai-key-123456');
    expect(line).not.toContain('claude-key-abcdef');
    expect(line).not.toContain('openai-key-123456');
  });

  it('lists every problem of a broken file in file order, each with the file, its path and what was expected', async () => {
    const broken = `
providers:
  claude: { type: anthropic, api_key: "\${CLAUDE_API_KEY}", bse_url: "https://api.anthropic.com" }
  openai: { type: azure }
  local: { type: openai, base_url: "https://user:hunter2@llm.local/v1" }
  files: { type: ollama, base_url: "ftp://files.local" }
models:
  - { name: a, provider: claude, weight: -1 }
  - name: b
    deployments:
      - { provider: azure, upstream_model: x }
      - { provider: claude, weight: .inf }
  - { name: a, provider: claude }
  - { provider: claude, fallbacks: [zzz] }
routing:
  default: [a, x]
  strategy: fastest
  rules:
    - { pattern: "(unclosed", model: a }
fallback:
  max_attempts: 0
  breaker: { failures: 2, cooldown: 10 }
`;
    const problems = await problemsOf(fromFile(broken));
    expect(problems).toEqual([
      'gateway.yaml: providers.claude.bse_url: unknown key (did you mean "base_url"?)',
      'gateway.yaml: providers.openai.type: expected one of anthropic, openai, ollama, mock, got "azure"',
      'gateway.yaml: providers.local.base_url: must not contain user:password (put credentials in api_key or headers)',
      'gateway.yaml: providers.files.base_url: expected an http:// or https:// URL, got a ftp: URL',
      'gateway.yaml: models[0].weight: expected a number >= 0, got -1',
      'gateway.yaml: models[1].deployments[0].provider: unknown provider "azure" (expected one of: claude, openai, local, files)',
      'gateway.yaml: models[1].deployments[1].weight: expected a finite number, got Infinity',
      'gateway.yaml: models[2].name: duplicate model name "a" (first at models[0])',
      'gateway.yaml: models[3].name: required (a non-empty name)',
      'gateway.yaml: models[3].fallbacks[0]: unknown model "zzz" (expected one of: a, b)',
      'gateway.yaml: routing.default[1]: unknown model "x" (expected one of: a, b)',
      'gateway.yaml: routing.strategy: expected one of weighted, round_robin, least_busy, latency, got "fastest"',
      expect.stringMatching(/^gateway\.yaml: routing\.rules\[0\]\.pattern: not a valid RE2 pattern \(.+\)$/),
      'gateway.yaml: fallback.max_attempts: expected a number >= 1, got 0',
      'gateway.yaml: fallback.breaker.cooldown: unknown key (did you mean "cooldown_ms"?)',
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('refuses a model named like a deployment of another model, naming both', async () => {
    const problems = await problemsOf(
      fromFile(`
providers: { local: { type: mock } }
models:
  - { name: qwen/1, provider: local }
  - name: qwen
    deployments: [{ provider: local }, { provider: local, upstream_model: qwen-big }]
`),
    );
    expect(problems).toEqual([
      'gateway.yaml: models[0].name: model name "qwen/1" is also the name of deployment 1 of model "qwen"; rename one of them',
    ]);
  });

  it('reports YAML syntax errors with their line and column', async () => {
    const problems = await problemsOf(fromFile('providers:\n  claude:\n    type: anthropic\n   base_url: x\n'));
    expect(problems).toEqual(['gateway.yaml:4:1: YAML syntax error: All mapping items must start at the same column']);
  });

  it('treats a key written twice as an error rather than letting the last one win', async () => {
    const problems = await problemsOf(fromFile('providers:\n  a: { type: mock }\n  a: { type: mock }\nmodels: []\n'));
    expect(problems).toEqual([expect.stringMatching(/^gateway\.yaml:3:3: YAML syntax error: Map keys must be unique/)]);
  });

  it('names the file and the alias when an alias is used inside its own anchor, instead of crashing', async () => {
    const yaml = 'providers:\n  p: { type: mock }\nmodels: &all\n  - { name: m, provider: p, fallbacks: *all }\n';
    await expect(problemsOf(fromFile(yaml))).resolves.toEqual([
      'gateway.yaml:4:40: YAML error: the alias *all is used inside the node its anchor &all names, ' +
        'so the value would contain itself (copy the values instead)',
    ]);
  });

  it('still accepts an alias used beside its anchor', async () => {
    const yaml =
      'providers:\n  p: { type: mock }\nmodels:\n  - &m { name: m, provider: p }\nrouting: { default: [m] }\n';
    const { config } = await fromFile(yaml);
    expect(config.models.map((m) => m.name)).toEqual(['m']);
  });

  it.each([
    [
      'first_byte_timeout_ms: 30000, timeout_ms: 10000',
      'fallback.first_byte_timeout_ms: expected at most timeout_ms (10000), which bounds the whole failover run',
    ],
    [
      'timeout_ms: 10000',
      'fallback.timeout_ms: expected at least first_byte_timeout_ms (20000 by default): ' +
        "the failover run cannot be shorter than a stream's wait for its first byte",
    ],
  ])('refuses a first-byte deadline longer than the whole timeout (%s)', async (fallback, problem) => {
    const yaml = `providers:\n  p: { type: mock }\nmodels: [{ name: m, provider: p }]\nfallback: { ${fallback} }\n`;
    await expect(problemsOf(fromFile(yaml))).resolves.toEqual([`gateway.yaml: ${problem}`]);
  });

  it('accepts a first-byte deadline as long as the whole timeout', async () => {
    const yaml = 'providers:\n  p: { type: mock }\nmodels: [{ name: m, provider: p }]\n';
    const { config } = await fromFile(`${yaml}fallback: { first_byte_timeout_ms: 5000, timeout_ms: 5000 }\n`);
    expect(config.fallback).toMatchObject({ firstByteTimeoutMs: 5000, timeoutMs: 5000 });
  });

  it('refuses weights above the maximum, in a model and in a deployment', async () => {
    const yaml = `
providers:
  p: { type: mock }
models:
  - { name: a, provider: p, weight: 1.7e308 }
  - { name: b, deployments: [{ provider: p, weight: 1000001 }, { provider: p, weight: 1000000 }] }
`;
    await expect(problemsOf(fromFile(yaml))).resolves.toEqual([
      'gateway.yaml: models[0].weight: expected a number <= 1000000, got 1.7e+308',
      'gateway.yaml: models[1].deployments[0].weight: expected a number <= 1000000, got 1000001',
    ]);
  });

  it("keeps a single-provider model's weight to pools: its one deployment stays able to answer", async () => {
    const yaml = `
providers:
  p: { type: mock }
models:
  - { name: parked, provider: p, weight: 0 }
  - { name: heavy, provider: p, weight: 5 }
`;
    const { config } = await fromFile(yaml);
    expect(config.models.map((m) => [m.name, m.weight, m.deployments.map((d) => d.weight)])).toEqual([
      ['parked', 0, [1]],
      ['heavy', 5, [1]],
    ]);
  });

  it('refuses an embedding model wherever a chat request could be sent to it, naming each place', async () => {
    const yaml = `
providers:
  p: { type: mock }
models:
  - { name: chat, provider: p, fallbacks: [embed] }
  - { name: embed, provider: p, capabilities: [embeddings] }
routing:
  default: [chat, embed]
  rules: [{ pattern: x, model: embed }]
  privacy: { models: [embed] }
`;
    const why = '"embed" is an embedding model (capability embeddings): chat requests cannot go to it';
    await expect(problemsOf(fromFile(yaml))).resolves.toEqual([
      `gateway.yaml: models[0].fallbacks[0]: ${why}`,
      `gateway.yaml: routing.default[1]: ${why}`,
      `gateway.yaml: routing.rules[0].model: ${why}`,
      `gateway.yaml: routing.privacy.models[0]: ${why}`,
    ]);
  });

  it('says so when the file is empty', async () => {
    await expect(problemsOf(fromFile('# nothing yet\n'))).resolves.toEqual([
      'gateway.yaml: the document is empty (expected providers and models)',
    ]);
  });

  it('keeps a key that lands in an error message out of the message', async () => {
    const yaml =
      'providers:\n  p: { type: mock, api_key: "${SECRET}", latency_ms: "${SECRET}" }\nmodels: [{ name: m, provider: p }]\n';
    const problems = await problemsOf(fromFile(yaml, { SECRET: 'very-secret-value' }));
    expect(problems).toEqual(['gateway.yaml: providers.p.latency_ms: expected a number, got "[REDACTED]"']);
  });

  it('refuses a mock delay longer than a timer can wait', async () => {
    const yaml =
      'providers:\n  p: { type: mock, latency_ms: 2147483648, chunk_delay_ms: 3000000000 }\nmodels: [{ name: m, provider: p }]\n';
    const problems = await problemsOf(fromFile(yaml));
    expect(problems).toEqual([
      expect.stringMatching(/^gateway\.yaml: providers\.p\.latency_ms: .*2147483647/),
      expect.stringMatching(/^gateway\.yaml: providers\.p\.chunk_delay_ms: .*2147483647/),
    ]);
    await expect(fromFile(yaml.replace(/\d{10}/g, '2147483647'))).resolves.toBeDefined();
  });

  it('reads `key: ~` as a key not written', async () => {
    const yaml =
      'providers:\n  p: { type: mock, headers: ~, latency_ms: ~ }\nmodels: [{ name: m, provider: p, price: ~ }]\n';
    const { config } = await fromFile(yaml);
    expect(config.providers.p).toMatchObject({ headers: {}, mock: expect.objectContaining({ latencyMs: 0 }) });
    expect(config.models[0].price).toBeUndefined();
  });

  it('refuses mock settings on a provider that is not a mock', async () => {
    const yaml = 'providers:\n  o: { type: openai, fail_every: 2 }\nmodels: [{ name: m, provider: o }]\n';
    await expect(problemsOf(fromFile(yaml))).resolves.toEqual([
      'gateway.yaml: providers.o.fail_every: only allowed for type mock',
    ]);
  });

  it('reads the wire an OpenAI-type provider speaks, chat unless it says responses', async () => {
    const yaml =
      'providers:\n  r: { type: openai, api_key: k, wire_api: responses }\n  c: { type: openai, api_key: k }\n' +
      'models: [{ name: m, provider: r }, { name: n, provider: c }]\n';
    const { config } = await fromFile(yaml);
    expect(config.providers.r.wireApi).toBe('responses');
    expect(config.providers.c.wireApi ?? 'chat').toBe('chat');
  });

  it("reads vendors' stored files only on their own API hosts, unless `stored_files` says otherwise", async () => {
    const yaml =
      'providers:\n' +
      '  openai: { type: openai, api_key: k }\n' +
      '  claude: { type: anthropic, base_url: "https://api.anthropic.com/", api_key: k }\n' +
      '  cursor: { type: openai, base_url: "https://api.cursor.sh/v1", api_key: k }\n' +
      '  proxy: { type: anthropic, base_url: "http://proxy.local:8080", api_key: k, stored_files: "true" }\n' +
      '  kept: { type: openai, api_key: k, stored_files: false }\n' +
      'models: [{ name: m, provider: openai }]\n';
    const { config } = await fromFile(yaml);
    const reads = Object.fromEntries(Object.values(config.providers).map((p) => [p.name, p.storedFiles === true]));
    expect(reads).toEqual({ openai: true, claude: true, cursor: false, proxy: true, kept: false });
  });

  it('refuses stored_files on a provider that is neither Anthropic- nor OpenAI-type', async () => {
    const yaml = 'providers:\n  local: { type: ollama, stored_files: true }\nmodels: [{ name: m, provider: local }]\n';
    await expect(problemsOf(fromFile(yaml))).resolves.toEqual([
      'gateway.yaml: providers.local.stored_files: only allowed for type anthropic or openai',
    ]);
  });

  it('refuses a wire_api that is unknown or on a provider that is not OpenAI-type', async () => {
    const yaml =
      'providers:\n  o: { type: openai, wire_api: grpc }\n  a: { type: anthropic, wire_api: responses }\n' +
      'models: [{ name: m, provider: o }]\n';
    await expect(problemsOf(fromFile(yaml))).resolves.toEqual([
      'gateway.yaml: providers.o.wire_api: expected one of chat, responses, got "grpc"',
      'gateway.yaml: providers.a.wire_api: only allowed for type openai',
    ]);
  });

  it("reads an OpenAI-type provider's token_limit_field and refuses it elsewhere", async () => {
    const yaml =
      'providers:\n  o: { type: openai, api_key: k, token_limit_field: max_completion_tokens }\n' +
      'models: [{ name: m, provider: o }]\n';
    const { config } = await fromFile(yaml);
    expect(config.providers.o.tokenLimitField).toBe('max_completion_tokens');
    const wrong =
      'providers:\n  o: { type: openai, token_limit_field: max_output }\n  a: { type: anthropic, token_limit_field: max_tokens }\n' +
      'models: [{ name: m, provider: o }]\n';
    await expect(problemsOf(fromFile(wrong))).resolves.toEqual([
      'gateway.yaml: providers.o.token_limit_field: expected one of max_tokens, max_completion_tokens, got "max_output"',
      'gateway.yaml: providers.a.token_limit_field: only allowed for type openai',
    ]);
  });

  it('checks semantic routes on content words unless `content_gate` is false, read from a variable too', async () => {
    const fileWith = (gate: string) =>
      'providers:\n  p: { type: mock }\nmodels: [{ name: m, provider: p }]\n' +
      `routing:\n  semantic:\n    ${gate}\n    routes: [{ name: r, models: [m], utterances: [hello] }]\n`;
    const on = await fromFile(fileWith(''));
    const off = await fromFile(fileWith('content_gate: "${GATE}"'), { GATE: 'false' });
    expect(on.config.routing.semantic?.contentGate).toBe(true);
    expect(off.config.routing.semantic?.contentGate).toBe(false);
    await expect(problemsOf(fromFile(fileWith('content_gate: sometimes')))).resolves.toEqual([
      'gateway.yaml: routing.semantic.content_gate: expected true or false, got "sometimes"',
    ]);
  });

  it('compares semantic routes with the built-in background unless `background` is false', async () => {
    const fileWith = (setting: string) =>
      'providers:\n  p: { type: mock }\nmodels: [{ name: m, provider: p }]\n' +
      `routing:\n  semantic:\n    ${setting}\n    routes: [{ name: r, models: [m], utterances: [hello] }]\n`;
    const on = await fromFile(fileWith(''));
    const off = await fromFile(fileWith('background: false'));
    expect(on.config.routing.semantic?.background).toBe(true);
    expect(off.config.routing.semantic?.background).toBe(false);
    await expect(problemsOf(fromFile(fileWith('background: maybe')))).resolves.toEqual([
      'gateway.yaml: routing.semantic.background: expected true or false, got "maybe"',
    ]);
  });

  it('ranks built-in semantic routes with a classifier unless `classifier` is false', async () => {
    const fileWith = (setting: string) =>
      'providers:\n  p: { type: mock }\nmodels: [{ name: m, provider: p }]\n' +
      `routing:\n  semantic:\n    ${setting}\n    routes: [{ name: r, models: [m], utterances: [hello] }]\n`;
    const byDefault = await fromFile(fileWith(''));
    const off = await fromFile(fileWith('classifier: false'));
    const embedding = await fromFile(fileWith('encoder: p/embed'));
    expect(byDefault.config.routing.semantic?.classifier).toBe(true);
    expect(off.config.routing.semantic?.classifier).toBe(false);
    expect(embedding.config.routing.semantic?.classifier).toBe(false);
    await expect(problemsOf(fromFile(fileWith('classifier: often')))).resolves.toEqual([
      'gateway.yaml: routing.semantic.classifier: expected true or false, got "often"',
    ]);
  });

  it('reports a GATEWAY_CONFIG that names no file', async () => {
    const env = readEnv({ GATEWAY_CONFIG: '/etc/missing.yaml' });
    await expect(problemsOf(loadGatewayConfig(env, { fileExists: () => false }))).resolves.toEqual([
      'GATEWAY_CONFIG: file not found: /etc/missing.yaml',
    ]);
  });

  it('reads gateway.yaml from the working directory when no file is named', async () => {
    const read: string[] = [];
    const config = await loadGatewayConfig(readEnv({}), {
      fileExists: (path) => path === 'gateway.yaml',
      readFile: (path) => (read.push(path), VALID),
      redactor: new SecretRedactor(),
    });
    expect(read).toEqual(['gateway.yaml']);
    expect(config.origin).toBe('gateway.yaml');
  });

  it('accepts the shipped gateway.example.yaml', async () => {
    const { config, warnings } = await fromFile(readFileSync('gateway.example.yaml', 'utf8'), {
      CLAUDE_API_KEY: 'sk-ant-example-key',
      CURSOR_API_KEY: 'cursor-example-key',
    });
    expect(config.models.map((m) => m.name)).toEqual([
      'claude-sonnet-4-5',
      'claude-3-opus',
      'gpt-4o',
      'cursor',
      'llama3',
      'text-embedding-3-small',
      'nomic-embed-text',
      'switchyard-demo',
    ]);
    expect(config.providers.openai.configured).toBe(false);
    expect(warnings).toEqual([
      'gateway.yaml: providers.cursor.base_url: empty (is its variable set?), so provider "cursor" stays unconfigured',
    ]);
  });
});
