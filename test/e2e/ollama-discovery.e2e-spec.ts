import { startOllamaFake } from '../fakes/ollama-fake.js';
import type { FakeUpstream } from '../fakes/fake-upstream.js';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { ollamaClient } from '../support/ollama-client.js';

/** With no configuration file, the models a local Ollama serves are offered with what Ollama says they can do. */

const T = 30_000;

describe('models discovered from Ollama', () => {
  let ollama: FakeUpstream;
  let gateway: RunningGateway;

  beforeAll(async () => {
    ollama = await startOllamaFake({
      models: ['qwen3:8b', 'llava:latest', 'nomic-embed-text:latest'],
      capabilities: {
        'qwen3:8b': ['completion', 'tools', 'thinking'],
        'llava:latest': ['completion', 'vision'],
        'nomic-embed-text:latest': ['embedding'],
      },
    });
    // An empty GATEWAY_CONFIG counts as unset: the built-in configuration, which asks Ollama.
    gateway = await startGateway({ config: '', env: { GATEWAY_CONFIG: '', OLLAMA_BASE_URL: ollama.url } });
  }, T);
  afterAll(async () => {
    await gateway?.stop();
    await ollama?.close();
  }, T);

  it(
    'shows each model’s capabilities to Ollama clients as Ollama named them',
    async () => {
      const client = ollamaClient(gateway.url);

      expect((await client.show({ model: 'qwen3:8b' })).capabilities).toEqual(['completion', 'tools', 'thinking']);
      expect((await client.show({ model: 'llava' })).capabilities).toEqual(['completion', 'vision']);
      expect((await client.show({ model: 'nomic-embed-text' })).capabilities).toEqual(['embedding']);
    },
    T,
  );

  it(
    'lists them with catalog capabilities, and routes chat by default to chat models only',
    async () => {
      const res = await fetch(`${gateway.url}/models`);
      const body = (await res.json()) as { default: string[]; data: { id: string; capabilities: string[] }[] };
      const listed = new Map(body.data.map((m) => [m.id, m.capabilities]));

      expect(listed.get('qwen3:8b')).toEqual(['tools', 'reasoning']);
      expect(listed.get('llava')).toEqual(['vision']);
      expect(listed.get('nomic-embed-text')).toEqual(['embeddings']);
      expect(body.default).toEqual(['qwen3:8b', 'llava']);
    },
    T,
  );
});
