import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatEvent, ChatRequest } from '#src/core/chat.types.js';
import { collectResponse } from '#src/core/collect.js';
import type { GatewayError } from '#src/core/gateway-error.js';
import type { ProviderConfig } from '#src/config/gateway-config.types.js';
import type { UpstreamCall } from '#src/providers/provider.types.js';
import { createOllamaProvider } from './index.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let handler: Handler = (_req, res) => res.end();
const requests: Array<{ method?: string; url?: string; headers: IncomingMessage['headers']; body: string }> = [];
const server: Server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    requests.push({ method: req.method, url: req.url, headers: req.headers, body });
    handler(req, res);
  });
});
let config: ProviderConfig;

beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  config = { name: 'ollama', type: 'ollama', baseUrl: `http://127.0.0.1:${port}`, configured: true, headers: {} };
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});
beforeEach(() => (requests.length = 0));

function request(stream: boolean): ChatRequest {
  return {
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    stream,
  };
}

function call(signal = new AbortController().signal): UpstreamCall {
  return { upstreamModel: 'llama3.2', signal, deadlines: { firstByteMs: 5000, idleMs: 5000, totalMs: 10000 } };
}

async function failure(events: AsyncIterable<ChatEvent>): Promise<GatewayError> {
  try {
    for await (const _ of events);
  } catch (err) {
    return err as GatewayError;
  }
  throw new Error('expected a failure');
}

const ndjson = (o: object) => JSON.stringify(o) + '\n';

describe('OllamaAdapter', () => {
  it('streams a chat from /api/chat without credentials', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write(ndjson({ model: 'llama3.2', message: { role: 'assistant', content: 'Hello' }, done: false }));
      res.end(
        ndjson({
          model: 'llama3.2',
          message: { role: 'assistant', content: '' },
          done: true,
          done_reason: 'stop',
          prompt_eval_count: 7,
          eval_count: 1,
        }),
      );
    };
    const adapter = createOllamaProvider(config);
    const response = await collectResponse(adapter.chat(request(true), call()));
    await adapter.close?.();
    expect(response).toMatchObject({
      content: [{ type: 'text', text: 'Hello' }],
      usage: { inputTokens: 7, outputTokens: 1 },
    });
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/api/chat' });
    expect(requests[0].headers.authorization).toBeUndefined();
    expect(JSON.parse(requests[0].body)).toMatchObject({ model: 'llama3.2', stream: true });
  });

  it("sends a tool result's screenshot only to a model the call says has vision", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ model: 'm', message: { role: 'assistant', content: 'ok' }, done: true }));
    };
    const asked: ChatRequest = {
      stream: false,
      messages: [
        { role: 'assistant', content: [{ type: 'tool_call', id: 'c1', name: 'screenshot', arguments: '{}' }] },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              toolCallId: 'c1',
              content: [{ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0' } }],
            },
          ],
        },
      ],
    };
    const adapter = createOllamaProvider(config);
    await collectResponse(adapter.chat(asked, { ...call(), visionModel: true }));
    await collectResponse(adapter.chat(asked, call()));
    await adapter.close?.();
    const toolMessages = requests.map((r) => (JSON.parse(r.body) as { messages: object[] }).messages[1]);
    expect(toolMessages).toEqual([
      expect.objectContaining({ images: ['iVBORw0'] }),
      expect.not.objectContaining({ images: expect.anything() }),
    ]);
  });

  it('classifies "model not found" as not_found, keeping the server message for the log', async () => {
    handler = (_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"model \'llama3.2\' not found"}');
    };
    const adapter = createOllamaProvider(config);
    const err = await failure(adapter.chat(request(false), call()));
    await adapter.close?.();
    expect(err).toMatchObject({ kind: 'not_found', detail: "model 'llama3.2' not found", upstreamStatus: 404 });
  });

  it('closes the upstream connection when the call is aborted mid-stream', async () => {
    const closed = new Promise<void>((resolve) => {
      handler = (_req, res) => {
        res.on('close', () => resolve());
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        res.write(ndjson({ model: 'llama3.2', message: { role: 'assistant', content: 'Once' }, done: false }));
      };
    });
    const controller = new AbortController();
    const adapter = createOllamaProvider(config);
    const events = adapter.chat(request(true), call(controller.signal))[Symbol.asyncIterator]();
    expect((await events.next()).value).toMatchObject({ type: 'start' });
    controller.abort();
    await expect(events.next()).rejects.toMatchObject({ name: 'GatewayError' });
    await closed;
    await adapter.close?.();
  });

  it('lists models from /api/tags and checks health with /api/version, cached', async () => {
    handler = (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url === '/api/version') res.end('{"version":"0.12.0"}');
      else res.end('{"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","size":2019393189}]}');
    };
    const adapter = createOllamaProvider(config);
    expect(await adapter.listModels()).toEqual([{ id: 'llama3.2:latest' }]);
    expect((await adapter.health()).status).toBe('up');
    expect((await adapter.health()).status).toBe('up');
    expect(requests.map((r) => r.url)).toEqual(['/api/tags', '/api/version']);
    await adapter.close?.();
  });

  it('reports down when the server cannot be reached', async () => {
    const adapter = createOllamaProvider({ ...config, baseUrl: 'http://127.0.0.1:1' });
    expect(await adapter.health()).toMatchObject({ status: 'down' });
    await adapter.close?.();
  });
});
