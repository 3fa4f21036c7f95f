import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { catalogCapabilities, discoverOllamaModels } from './ollama-discovery.js';

describe('discoverOllamaModels', () => {
  let server: Server;
  let baseUrl: string;
  /** Undefined: never answer. `stall`: send the head and part of the body, then nothing. */
  let reply: (path: string, asked: string) => { status: number; body: string; stall?: boolean } | undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let asked = '';
      req.on('data', (part: Buffer) => (asked += part.toString('utf8')));
      req.on('end', () => {
        const answer = reply(`${req.method} ${req.url}`, asked);
        if (!answer) return;
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        if (answer.stall) res.write(answer.body);
        else res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('returns the tag names Ollama lists at /api/tags', async () => {
    reply = (path) =>
      path === 'GET /api/tags'
        ? {
            status: 200,
            body: JSON.stringify({
              models: [
                { name: 'llama3:latest', model: 'llama3:latest', size: 4661224676, details: { family: 'llama' } },
                { name: 'qwen2.5-coder:7b', model: 'qwen2.5-coder:7b', size: 4683087332 },
              ],
            }),
          }
        : { status: 404, body: '{}' };
    await expect(discoverOllamaModels(`${baseUrl}/`)).resolves.toEqual([
      { tag: 'llama3:latest', capabilities: [], unshown: true },
      { tag: 'qwen2.5-coder:7b', capabilities: [], unshown: true },
    ]);
  });

  it('asks /api/show for each tag and keeps the capabilities it names, in the catalog’s words', async () => {
    const shown: Record<string, string[]> = {
      'qwen3:8b': ['completion', 'tools', 'thinking'],
      'llava:latest': ['completion', 'vision'],
      'nomic-embed-text:latest': ['embedding'],
    };
    reply = (path, asked) => {
      if (path === 'GET /api/tags')
        return { status: 200, body: JSON.stringify({ models: Object.keys(shown).map((name) => ({ name })) }) };
      const model = (JSON.parse(asked || '{}') as { model?: string }).model ?? '';
      if (path === 'POST /api/show' && model in shown)
        return { status: 200, body: JSON.stringify({ details: {}, capabilities: shown[model] }) };
      return { status: 404, body: '{"error":"not found"}' };
    };
    await expect(discoverOllamaModels(baseUrl)).resolves.toEqual([
      { tag: 'qwen3:8b', capabilities: ['tools', 'reasoning'] },
      { tag: 'llava:latest', capabilities: ['vision'] },
      { tag: 'nomic-embed-text:latest', capabilities: ['embeddings'] },
    ]);
  });

  it('keeps a tag whose /api/show fails, or never answers in time, with no capability, marked so', async () => {
    reply = (path, asked) => {
      if (path === 'GET /api/tags')
        return { status: 200, body: JSON.stringify({ models: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }) };
      const model = (JSON.parse(asked) as { model: string }).model;
      if (model === 'a') return { status: 500, body: '{"error":"boom"}' };
      if (model === 'b') return undefined;
      return { status: 200, body: '{"capabilities":["completion","tools"]}' };
    };
    await expect(discoverOllamaModels(baseUrl, 1000)).resolves.toEqual([
      { tag: 'a', capabilities: [], unshown: true },
      { tag: 'b', capabilities: [], unshown: true },
      { tag: 'c', capabilities: ['tools'] },
    ]);
  });

  it('returns nothing when Ollama answers with an error', async () => {
    reply = () => ({ status: 500, body: '{"error":"boom"}' });
    await expect(discoverOllamaModels(baseUrl)).resolves.toEqual([]);
  });

  it('returns nothing when the body is not the expected shape', async () => {
    reply = () => ({ status: 200, body: 'not json' });
    await expect(discoverOllamaModels(baseUrl)).resolves.toEqual([]);
  });

  it('gives up and returns nothing when Ollama does not answer in time', async () => {
    reply = () => undefined;
    await expect(discoverOllamaModels(baseUrl, 50)).resolves.toEqual([]);
  });

  it('gives up and returns nothing when the body stops half-way', async () => {
    reply = () => ({ status: 200, body: '{"models":[{"name":"llama3', stall: true });
    await expect(discoverOllamaModels(baseUrl, 50)).resolves.toEqual([]);
  });

  it('returns nothing when nobody listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(discoverOllamaModels(`http://127.0.0.1:${port}`)).resolves.toEqual([]);
  });
});

describe('catalogCapabilities', () => {
  it('maps Ollama’s names, drops the ones the catalog has no word for, and reads nothing from a stranger body', () => {
    expect(catalogCapabilities({ capabilities: ['completion', 'insert', 'Tools', 'tools', 'vision', 7] })).toEqual([
      'tools',
      'vision',
    ]);
    expect(catalogCapabilities({ capabilities: 'tools' })).toEqual([]);
  });

  it('keeps a model that both completes and embeds on chat: embeddings only without completion', () => {
    expect(catalogCapabilities({ capabilities: ['embedding', 'completion', 'tools'] })).toEqual(['tools']);
    expect(catalogCapabilities({ capabilities: ['embedding'] })).toEqual(['embeddings']);
    expect(catalogCapabilities(null)).toEqual([]);
  });
});
