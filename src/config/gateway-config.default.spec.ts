import { SecretRedactor } from '#src/core/redact.js';
import { ConfigError } from './config-error.js';
import { readEnv } from './env.js';
import { loadGatewayConfigWithWarnings, type GatewayConfigDeps } from './gateway-config.loader.js';

/** The built-in default: no GATEWAY_CONFIG and no gateway.yaml in the working directory. */
function builtIn(vars: Record<string, string> = {}, deps: GatewayConfigDeps = {}) {
  return loadGatewayConfigWithWarnings(readEnv(vars), {
    fileExists: () => false,
    readFile: () => {
      throw new Error('no file should be read');
    },
    discoverOllama: async () => [],
    redactor: new SecretRedactor(),
    ...deps,
  });
}

const names = (config: { models: Array<{ name: string }> }) => config.models.map((m) => m.name);

describe('the built-in default configuration', () => {
  it('serves only the switchyard-demo model, in demo mode, when no key is set and Ollama has nothing', async () => {
    const { config, warnings } = await builtIn();
    expect(config.origin).toBe('built-in default');
    expect(config.demoMode).toBe(true);
    expect(names(config)).toEqual(['switchyard-demo']);
    expect(config.models[0]).toMatchObject({ capabilities: ['tools', 'vision'], deployments: [{ provider: 'demo' }] });
    expect(config.routing.default).toEqual(['switchyard-demo']);
    expect(warnings).toEqual([]);
  });

  it('still lists every provider, configured or not', async () => {
    const { config } = await builtIn();
    const configured = Object.fromEntries(Object.values(config.providers).map((p) => [p.name, p.configured]));
    expect(configured).toEqual({ claude: false, openai: false, cursor: false, ollama: true, demo: true });
  });

  it('offers the Claude models, and no demo, when CLAUDE_API_KEY is set', async () => {
    const { config, warnings } = await builtIn({ CLAUDE_API_KEY: 'sk-ant-test-0001' });
    expect(config.demoMode).toBe(false);
    expect(warnings).toEqual([]);
    expect(names(config)).toEqual(['claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5']);
    expect(config.routing.default).toEqual(['claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5']);
    expect(config.providers.claude).toMatchObject({ baseUrl: 'https://api.anthropic.com', apiKey: 'sk-ant-test-0001' });
    expect(config.models[1]).toEqual({
      name: 'claude-opus-4-1',
      deployments: [{ provider: 'claude', upstreamModel: 'claude-opus-4-1', weight: 1 }],
      weight: 1,
      capabilities: ['tools', 'vision', 'reasoning'],
      contextWindow: 200000,
      price: { inputPerMtok: 15, outputPerMtok: 75 },
      fallbacks: [],
    });
  });

  it('accepts ANTHROPIC_API_KEY as an alias, and CLAUDE_BASE_URL', async () => {
    const { config } = await builtIn({
      ANTHROPIC_API_KEY: 'sk-ant-alias-01',
      CLAUDE_BASE_URL: 'http://proxy.local:8080/',
    });
    expect(config.providers.claude).toMatchObject({
      configured: true,
      apiKey: 'sk-ant-alias-01',
      baseUrl: 'http://proxy.local:8080',
    });
  });

  it('offers OpenAI and Cursor models when their keys (and Cursor URL) are set', async () => {
    const { config } = await builtIn({
      OPENAI_API_KEY: 'sk-oai-0001',
      CURSOR_API_KEY: 'cur-0001',
      CURSOR_BASE_URL: 'https://api.cursor.example/v1',
      CURSOR_MODEL: 'cursor-fast',
    });
    expect(names(config)).toEqual(['gpt-4o', 'gpt-4o-mini', 'cursor']);
    expect(config.models[1]).toMatchObject({
      contextWindow: 128000,
      price: { inputPerMtok: 0.15, outputPerMtok: 0.6 },
    });
    expect(config.models[2]).toMatchObject({
      capabilities: ['tools'],
      deployments: [{ provider: 'cursor', upstreamModel: 'cursor-fast', weight: 1 }],
    });
  });

  it('leaves Cursor unconfigured with a warning, not an error, when its key comes without a base URL', async () => {
    const { config, warnings } = await builtIn({ CURSOR_API_KEY: 'cur-0001' });
    expect(config.providers.cursor.configured).toBe(false);
    expect(names(config)).toEqual(['switchyard-demo']);
    expect(warnings[0]).toBe(
      'built-in default: providers.cursor.base_url: empty (is its variable set?), so provider "cursor" stays unconfigured',
    );
  });

  it('adds one model per Ollama tag, asking the configured Ollama URL', async () => {
    const asked: string[] = [];
    const tags = [
      { tag: 'llama3:latest', capabilities: [] },
      { tag: 'qwen2.5-coder:7b', capabilities: ['tools'] },
    ];
    const discoverOllama = async (baseUrl: string) => (asked.push(baseUrl), tags);
    const { config } = await builtIn({ OLLAMA_BASE_URL: 'http://gpu-box:11434' }, { discoverOllama });
    expect(asked).toEqual(['http://gpu-box:11434']);
    expect(config.demoMode).toBe(false);
    expect(config.models).toEqual([
      expect.objectContaining({
        name: 'llama3',
        deployments: [{ provider: 'ollama', upstreamModel: 'llama3:latest', weight: 1 }],
        discovered: true,
      }),
      expect.objectContaining({ name: 'qwen2.5-coder:7b', discovered: true }),
    ]);
    expect(config.routing.default).toEqual(['llama3', 'qwen2.5-coder:7b']);
  });

  it('gives each discovered model the capabilities Ollama named, and keeps embedding models off the chat route', async () => {
    const discoverOllama = async () => [
      { tag: 'qwen3:8b', capabilities: ['tools', 'reasoning'] },
      { tag: 'llava:latest', capabilities: ['vision'] },
      { tag: 'nomic-embed-text:latest', capabilities: ['embeddings'] },
    ];
    const { config } = await builtIn({}, { discoverOllama });
    expect(config.models.map((m) => [m.name, m.capabilities])).toEqual([
      ['qwen3:8b', ['tools', 'reasoning']],
      ['llava', ['vision']],
      ['nomic-embed-text', ['embeddings']],
    ]);
    expect(config.routing.default).toEqual(['qwen3:8b', 'llava']);
  });

  it('warns once at start, naming the tags Ollama could not describe', async () => {
    const discoverOllama = async () => [
      { tag: 'qwen3:8b', capabilities: ['tools'] },
      { tag: 'llama3:latest', capabilities: [], unshown: true },
      { tag: 'phi3:mini', capabilities: [], unshown: true },
    ];
    const { config, warnings } = await builtIn({}, { discoverOllama });
    expect(names(config)).toEqual(['qwen3:8b', 'llama3', 'phi3:mini']);
    const about = warnings.filter((w) => w.includes('/api/show'));
    expect(about).toHaveLength(1);
    expect(about[0]).toContain('llama3:latest, phi3:mini');
    expect(about[0]).not.toContain('qwen3');
  });

  it('carries on without Ollama models when discovery fails', async () => {
    const { config } = await builtIn({}, { discoverOllama: () => Promise.reject(new Error('ECONNREFUSED')) });
    expect(names(config)).toEqual(['switchyard-demo']);
  });

  it('registers the keys it reads with the redactor', async () => {
    const redactor = new SecretRedactor();
    await builtIn({ CLAUDE_API_KEY: 'claude-secret-9', OPENAI_API_KEY: 'openai-secret-9' }, { redactor });
    expect(redactor.redact('keys claude-secret-9 and openai-secret-9')).toBe('keys [REDACTED] and [REDACTED]');
  });

  it('reports a malformed base URL variable under its own name, and where it ends up', async () => {
    const loading = builtIn({ OPENAI_BASE_URL: 'api.openai.com/v1', OPENAI_API_KEY: 'sk-oai-0001' });
    await expect(loading).rejects.toBeInstanceOf(ConfigError);
    await expect(loading).rejects.toMatchObject({
      problems: [
        'OPENAI_BASE_URL: expected an http:// or https:// URL, got "api.openai.com/v1" ' +
          "(used as the built-in default's providers.openai.base_url)",
      ],
    });
  });

  it.each(['CLAUDE_BASE_URL', 'CURSOR_BASE_URL', 'OLLAMA_BASE_URL'])(
    'names %s when its value is not a URL',
    async (variable) => {
      const loading = builtIn({ [variable]: 'localhost:9', CLAUDE_API_KEY: 'sk-ant-0001', CURSOR_API_KEY: 'cur-0001' });
      await expect(loading).rejects.toMatchObject({
        problems: [expect.stringMatching(new RegExp(`^${variable}: expected an http:// or https:// URL`))],
      });
    },
  );
});
