import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { discoverOllamaModels } from './ollama-discovery.js';

describe('discoverOllamaModels', () => {
  let server: Server;
  let baseUrl: string;
  /** Undefined: never answer. `stall`: send the head and part of the body, then nothing. */
  let reply: (path: string) => { status: number; body: string; stall?: boolean } | undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const answer = reply(req.url ?? '');
      if (!answer) return;
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      if (answer.stall) res.write(answer.body);
      else res.end(answer.body);
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
      path === '/api/tags'
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
    await expect(discoverOllamaModels(`${baseUrl}/`)).resolves.toEqual(['llama3:latest', 'qwen2.5-coder:7b']);
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
