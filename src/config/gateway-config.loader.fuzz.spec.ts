import fc from 'fast-check';
import { stringify } from 'yaml';
import { SecretRedactor } from '#src/core/redact.js';
import { ConfigError } from './config-error.js';
import { readEnv } from './env.js';
import { loadGatewayConfigWithWarnings } from './gateway-config.loader.js';

/**
 * Property: whatever gateway.yaml says, loading it yields a configuration or one ConfigError
 * listing the problems, never another exception. Documents are valid configurations with one value
 * (at any depth) replaced by arbitrary JSON, plus arbitrary text and YAML. Fixed seed, bounded runs.
 */

const SEED = 20261205;
const RUNS = 800;

const anyJson = fc.jsonValue({ maxDepth: 3 });
const PROVIDERS = ['claude', 'openai', 'local', 'fake'];
const MODELS = ['m1', 'm2', 'm3', 'm4'];
const word = fc.constantFrom('gpt-4o', 'claude-opus-4-1', 'llama3', 'demo');

const providers = fc.record({
  claude: fc.record(
    {
      type: fc.constant('anthropic'),
      api_key: fc.constantFrom('${CLAUDE_API_KEY}', 'sk-ant-x', '${UNSET}'),
      max_output_tokens: fc.integer({ min: 1, max: 64_000 }),
    },
    { requiredKeys: ['type'] },
  ),
  openai: fc.record(
    {
      type: fc.constant('openai'),
      api_key: fc.constantFrom('${OPENAI_API_KEY:-sk-x}', 'sk-x'),
      base_url: fc.constantFrom('https://api.openai.com/v1', 'https://az.test/openai?api-version=2024-10-21'),
      headers: fc.dictionary(fc.constantFrom('X-A', 'OpenAI-Organization'), fc.string({ minLength: 1, maxLength: 8 })),
    },
    { requiredKeys: ['type'] },
  ),
  local: fc.constant({ type: 'ollama', base_url: 'http://127.0.0.1:11434' }),
  fake: fc.record(
    { type: fc.constant('mock'), latency_ms: fc.nat(50), fail_every: fc.nat(3) },
    { requiredKeys: ['type'] },
  ),
});

const model = (name: string) =>
  fc.oneof(
    fc.record(
      {
        name: fc.constant(name),
        provider: fc.constantFrom(...PROVIDERS),
        upstream_model: word,
        weight: fc.nat(10),
        capabilities: fc.subarray(['tools', 'vision']),
        context_window: fc.integer({ min: 1, max: 1_000_000 }),
        price: fc.record({ input_per_mtok: fc.nat(100), output_per_mtok: fc.nat(100) }),
        fallbacks: fc.subarray(MODELS.filter((m) => m !== name)),
      },
      { requiredKeys: ['name', 'provider'] },
    ),
    fc.record({
      name: fc.constant(name),
      deployments: fc.array(
        fc.record({ provider: fc.constantFrom(...PROVIDERS), upstream_model: word, weight: fc.nat(5) }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  );

/** A configuration the loader accepts: every reference points at something that exists. */
const document = fc.record(
  {
    providers,
    models: fc.tuple(...MODELS.map(model)),
    routing: fc.record(
      {
        default: fc.subarray(MODELS, { minLength: 1 }),
        strategy: fc.constantFrom('weighted', 'round_robin', 'least_busy', 'latency'),
        rules: fc.array(
          fc.record({ pattern: fc.constantFrom('code|bug', '(a+)+$', '代码'), model: fc.constantFrom(...MODELS) }),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: [] },
    ),
    fallback: fc.record(
      {
        max_attempts: fc.integer({ min: 1, max: 5 }),
        // From the default first-byte deadline up: a shorter one is refused (see fallback.schema.ts).
        timeout_ms: fc.integer({ min: 20_000, max: 600_000 }),
        max_response_bytes: fc.integer({ min: 1024, max: 1 << 30 }),
        max_stream_line_bytes: fc.integer({ min: 1024, max: 1 << 24 }),
        breaker: fc.record(
          {
            failures: fc.integer({ min: 1, max: 10 }),
            cooldown_ms: fc.nat(60_000),
            failure_rate: fc.double({ min: 0, max: 1, noNaN: true }),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['providers', 'models'] },
);

/** Replaces the value at a path (chosen by `steps` among each level's keys) with `replacement`. */
function mutate(doc: unknown, steps: number[], replacement: unknown): unknown {
  const root: { value: unknown } = { value: structuredClone(doc) };
  let holder: Record<string, unknown> = root;
  let key = 'value';
  for (const step of steps) {
    const node = holder[key];
    if (typeof node !== 'object' || node === null) break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    holder = node as Record<string, unknown>;
    key = keys[step % keys.length];
  }
  holder[key] = replacement;
  return root.value;
}

const yamlText = fc.oneof(
  { weight: 3, arbitrary: document.map((d) => stringify(d)) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(document, fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), anyJson)
      .map(([doc, steps, value]) => stringify(mutate(doc, steps, value))),
  },
  { weight: 1, arbitrary: anyJson.map((v) => stringify(v)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'a: [1, 2',
      '&a [*a]',
      'a: &x\n  b: *x',
      '? [a]\n: b',
      '%YAML 9.9\n---\na: 1',
      'x: !!binary "@@"',
    ),
  },
);

async function loadsOrExplains(text: string): Promise<'loaded' | 'refused'> {
  const env = readEnv({ GATEWAY_CONFIG: 'gateway.yaml', CLAUDE_API_KEY: 'sk-ant-fuzz' });
  const deps = {
    readFile: () => text,
    fileExists: () => true,
    discoverOllama: async () => [],
    redactor: new SecretRedactor(),
  };
  try {
    await loadGatewayConfigWithWarnings(env, deps);
    return 'loaded';
  } catch (err) {
    if (err instanceof ConfigError) return 'refused';
    throw err;
  }
}

describe('the gateway.yaml loader, fuzzed', () => {
  it('answers any document with a configuration or a ConfigError, and loads a good share of them', async () => {
    const seen = { loaded: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(yamlText, async (text) => {
        seen[await loadsOrExplains(text)] += 1;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(seen.loaded).toBeGreaterThan(RUNS / 20);
    expect(seen.refused).toBeGreaterThan(RUNS / 20);
  });
});
