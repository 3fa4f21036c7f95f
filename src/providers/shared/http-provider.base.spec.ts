import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderConfig } from '#src/config/gateway-config.types.js';
import { OllamaAdapter } from '#src/providers/ollama/ollama.adapter.js';
import { OpenAIAdapter } from '#src/providers/openai/openai.adapter.js';

/** A one-route upstream that records what it was sent and answers with `reply`. */
async function upstream(
  reply: unknown,
): Promise<{ url: string; seen: Array<{ path?: string; body: unknown }>; server: Server }> {
  const seen: Array<{ path?: string; body: unknown }> = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      seen.push({ path: req.url, body: JSON.parse(text) as unknown });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

const config = (baseUrl: string): ProviderConfig => ({
  name: 'p',
  type: 'openai',
  baseUrl,
  configured: true,
  headers: {},
});

describe('embeddings for semantic routing', () => {
  it('asks Ollama /api/embed for every text at once and returns its vectors in order', async () => {
    const up = await upstream({
      embeddings: [
        [1, 0],
        [0, 1],
      ],
    });
    const adapter = new OllamaAdapter({ ...config(up.url), type: 'ollama' });
    await expect(adapter.embed('nomic', ['a', 'b'], new AbortController().signal)).resolves.toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(up.seen).toEqual([{ path: '/api/embed', body: { model: 'nomic', input: ['a', 'b'] } }]);
    await adapter.close();
    up.server.close();
  });

  it("puts OpenAI's embedding rows back in input order by their index", async () => {
    const up = await upstream({
      data: [
        { index: 1, embedding: [0, 1] },
        { index: 0, embedding: [1, 0] },
      ],
    });
    const adapter = new OpenAIAdapter(config(`${up.url}/v1`));
    await expect(adapter.embed('te3', ['a', 'b'], new AbortController().signal)).resolves.toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(up.seen[0].path).toBe('/v1/embeddings');
    await adapter.close();
    up.server.close();
  });

  it("reads the token count and passes `dimensions` on, from OpenAI's usage and Ollama's prompt_eval_count", async () => {
    const openai = await upstream({ data: [{ index: 0, embedding: [1] }], usage: { prompt_tokens: 7 } });
    const ollama = await upstream({ embeddings: [[1]], prompt_eval_count: 5 });
    const signal = new AbortController().signal;
    const adapters = [
      new OpenAIAdapter(config(`${openai.url}/v1`)),
      new OllamaAdapter({ ...config(ollama.url), type: 'ollama' }),
    ];
    const results = await Promise.all(
      adapters.map((a) => a.embeddings({ model: 'e', input: ['a'], dimensions: 4, signal })),
    );
    expect(results.map((r) => r.inputTokens)).toEqual([7, 5]);
    expect([openai.seen[0].body, ollama.seen[0].body]).toEqual([
      { model: 'e', input: ['a'], dimensions: 4, encoding_format: 'base64' },
      { model: 'e', input: ['a'], dimensions: 4 },
    ]);
    await Promise.all(adapters.map((a) => a.close()));
    openai.server.close();
    ollama.server.close();
  });

  it('refuses token arrays for Ollama, which embeds text only, without calling it', async () => {
    const up = await upstream({ embeddings: [[1]] });
    const adapter = new OllamaAdapter({ ...config(up.url), type: 'ollama' });
    const call = adapter.embeddings({ model: 'e', input: [[1, 2]], signal: new AbortController().signal });
    await expect(call).rejects.toMatchObject({ kind: 'invalid_request', param: 'input' });
    expect(up.seen).toEqual([]);
    await adapter.close();
    up.server.close();
  });
});
