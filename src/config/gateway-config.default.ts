/**
 * The configuration used when no file is given, mirroring the original product: Claude,
 * OpenAI and Cursor models when their keys are set, whatever Ollama serves, and a mock demo
 * model only when nothing else can answer. Written in the file syntax so it is checked the
 * same way a file is.
 */
import type { ModelConfig, ProviderConfig } from './gateway-config.types.js';
import type { DiscoveredTag } from './ollama-discovery.js';

export const BUILT_IN_ORIGIN = 'built-in default';

export const DEMO_MODEL = 'switchyard-demo';

export const OLLAMA_PROVIDER = 'ollama';

/**
 * Where in the built-in document a setting comes from one variable: a bad value is reported under
 * the variable's name, the one the operator wrote, not under a path they never saw.
 */
export const BUILT_IN_VARIABLES: Readonly<Record<string, string>> = {
  'providers.claude.base_url': 'CLAUDE_BASE_URL',
  'providers.openai.base_url': 'OPENAI_BASE_URL',
  'providers.cursor.base_url': 'CURSOR_BASE_URL',
  'providers.ollama.base_url': 'OLLAMA_BASE_URL',
};

export function builtInDocument(): Record<string, unknown> {
  return {
    providers: {
      claude: {
        type: 'anthropic',
        base_url: '${CLAUDE_BASE_URL:-https://api.anthropic.com}',
        api_key: '${CLAUDE_API_KEY:-${ANTHROPIC_API_KEY}}',
      },
      openai: {
        type: 'openai',
        base_url: '${OPENAI_BASE_URL:-https://api.openai.com/v1}',
        api_key: '${OPENAI_API_KEY}',
      },
      // No default URL: "Cursor-style" services differ, so a key alone is not enough.
      cursor: { type: 'openai', base_url: '${CURSOR_BASE_URL}', api_key: '${CURSOR_API_KEY}' },
      ollama: { type: 'ollama', base_url: '${OLLAMA_BASE_URL:-http://127.0.0.1:11434}' },
      demo: { type: 'mock' },
    },
    models: [
      claude('claude-sonnet-4-5', 3, 15),
      claude('claude-opus-4-1', 15, 75),
      claude('claude-haiku-4-5', 1, 5),
      openai('gpt-4o', 2.5, 10),
      openai('gpt-4o-mini', 0.15, 0.6),
      { name: 'cursor', provider: 'cursor', upstream_model: '${CURSOR_MODEL:-cursor-small}', capabilities: ['tools'] },
      { name: DEMO_MODEL, provider: 'demo', capabilities: ['tools', 'vision'] },
    ],
  };
}

function claude(name: string, input: number, output: number): Record<string, unknown> {
  return priced(name, 'claude', 200_000, input, output, ['tools', 'vision', 'reasoning']);
}

function openai(name: string, input: number, output: number): Record<string, unknown> {
  return priced(name, 'openai', 128_000, input, output);
}

function priced(
  name: string,
  provider: string,
  window: number,
  input: number,
  output: number,
  capabilities = ['tools', 'vision'],
): Record<string, unknown> {
  return {
    name,
    provider,
    capabilities,
    context_window: window,
    price: { input_per_mtok: input, output_per_mtok: output },
  };
}

/**
 * One model per Ollama tag, with the capabilities Ollama names for it; `llama3:latest` is offered as
 * `llama3`, other tags keep their suffix.
 */
export function ollamaModels(tags: DiscoveredTag[], taken: ReadonlySet<string>): ModelConfig[] {
  const out: ModelConfig[] = [];
  for (const { tag, capabilities } of tags) {
    const name = tag.replace(/:latest$/, '');
    if (taken.has(name) || out.some((m) => m.name === name)) continue;
    out.push({
      name,
      deployments: [{ provider: OLLAMA_PROVIDER, upstreamModel: tag, weight: 1 }],
      weight: 1,
      capabilities: [...capabilities],
      fallbacks: [],
      discovered: true,
    });
  }
  return out;
}

/** Which built-in models to offer: those with a usable provider, or the demo model alone. */
export function offeredModels(
  all: ModelConfig[],
  discovered: ModelConfig[],
  providers: Record<string, ProviderConfig>,
): ModelConfig[] {
  const real = all.filter(
    (m) => m.name !== DEMO_MODEL && m.deployments.every((d) => providers[d.provider]?.configured),
  );
  const offered = [...real, ...discovered];
  return offered.length > 0 ? offered : all.filter((m) => m.name === DEMO_MODEL);
}
