import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderConfig } from '#src/config/gateway-config.types.js';
import type { ChatEvent, ChatRequest } from '#src/core/chat.types.js';
import { collectResponse } from '#src/core/collect.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { encodeSse } from '#src/core/sse.js';
import type { UpstreamCall } from '#src/providers/provider.types.js';
import { DEFAULT_DEADLINES } from '#src/providers/shared/upstream-http.js';
import { AnthropicAdapter } from './anthropic.adapter.js';

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A scripted fake Anthropic on 127.0.0.1: each test sets `handler` and reads `seen`. */
let handler: Handler;
let seen: Seen[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: raw ? JSON.parse(raw) : {} });
      handler(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
});

function config(overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    name: 'claude',
    type: 'anthropic',
    baseUrl,
    apiKey: 'sk-ant-test',
    configured: true,
    headers: {},
    ...overrides,
  };
}

function request(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    stream: true,
    ...overrides,
  };
}

function call(signal = new AbortController().signal): UpstreamCall {
  return { upstreamModel: 'claude-sonnet-4-5', signal, deadlines: DEFAULT_DEADLINES };
}

const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const MESSAGE_START = frame('message_start', {
  type: 'message_start',
  message: { id: 'msg_1', model: 'claude-sonnet-4-5', content: [], usage: { input_tokens: 5, output_tokens: 1 } },
});
const HELLO_STREAM =
  MESSAGE_START +
  frame('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
  frame('content_block_delta', {
    type: 'content_block_delta',
    index: 0,
    delta: { type: 'text_delta', text: 'Hello' },
  }) +
  frame('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } }) +
  frame('message_stop', { type: 'message_stop' });

async function failure(events: AsyncIterable<ChatEvent>): Promise<GatewayError> {
  try {
    for await (const _ of events) void _;
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('AnthropicAdapter', () => {
  let adapter: AnthropicAdapter;
  beforeAll(() => {
    adapter = new AnthropicAdapter(config());
  });
  afterAll(() => adapter.close());

  it('streams a translated answer from POST /v1/messages with the key and API version', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).end(HELLO_STREAM);
    const response = await collectResponse(adapter.chat(request(), call()));
    expect(response.content).toEqual([{ type: 'text', text: 'Hello' }]);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/v1/messages',
      headers: { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' },
      body: { model: 'claude-sonnet-4-5', stream: true, max_tokens: 4096 },
    });
    expect(seen[0].headers).not.toHaveProperty('authorization');
  });
});

describe('AnthropicAdapter relaying a Messages client', () => {
  let adapter: AnthropicAdapter;
  beforeAll(() => {
    adapter = new AnthropicAdapter(config());
  });
  afterAll(() => adapter.close());
  const body = { model: 'opus', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }], container: 'c_1' };
  const inbound = { shape: 'anthropic' as const, body, forwardHeaders: { 'anthropic-beta': 'context-1m-2025-08-07' } };

  it("sends the client's own body, its unknown fields and its beta header included", async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).end(HELLO_STREAM);
    const answer = await adapter.relay(request(), inbound, call());
    expect(answer.kind).toBe('sse');
    if (answer.kind === 'sse') {
      let wire = '';
      for await (const { frame } of answer.frames) if (frame) wire += encodeSse(frame.data, frame.event);
      expect(wire).toBe(HELLO_STREAM);
    }
    expect(seen[0].body).toEqual({ ...body, model: 'claude-sonnet-4-5', stream: true });
    expect(seen[0].headers['anthropic-beta']).toBe('context-1m-2025-08-07');
  });

  it("hands back a whole answer's JSON as it came, read on the side for usage", async () => {
    const json =
      '{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":1},"extra":{"x":1}}';
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(json);
    const answer = await adapter.relay(request({ stream: false }), inbound, call());
    expect(answer).toMatchObject({ kind: 'json', json });
    if (answer.kind === 'json') expect((await collectResponse(answer.seen)).usage).toMatchObject({ inputTokens: 5 });
  });

  it('rejects before any answer when the upstream refuses the call, so it can fail over', async () => {
    handler = (_req, res) =>
      res
        .writeHead(529, { 'content-type': 'application/json' })
        .end('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}');
    await expect(adapter.relay(request(), inbound, call())).rejects.toMatchObject({ kind: 'overloaded' });
  });

  describe('answered 404', () => {
    const said = 'File not found: file_011CNha8iCJcU1wXNR6q4V8w';
    const plain = { model: 'opus', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] };
    const upload = { type: 'container_upload', file_id: 'file_011CNha8iCJcU1wXNR6q4V8w' };
    const filed = { ...plain, messages: [{ role: 'user', content: [{ type: 'text', text: 'Read it' }, upload] }] };
    beforeEach(() => {
      handler = (_req, res) =>
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: said } }));
    });

    it('is the client’s, in Anthropic’s words, when the request names a stored file; else the operator’s', async () => {
      const filedCall = adapter.relay(request({ stream: false }), { ...inbound, body: filed }, call());
      await expect(filedCall).rejects.toMatchObject({ kind: 'bad_request', status: 404, message: said });
      // Nothing stored named: the model or the path is wrong, which only the operator can fix.
      const plainCall = adapter.relay(request({ stream: false }), { ...inbound, body: plain }, call());
      await expect(plainCall).rejects.toMatchObject({ kind: 'not_found', detail: said });
    });
  });
});

describe('AnthropicAdapter failures and health', () => {
  let adapter: AnthropicAdapter;
  beforeAll(() => {
    adapter = new AnthropicAdapter(config());
  });
  afterAll(() => adapter.close());

  it('classifies a 529 as an overload', async () => {
    handler = (_req, res) =>
      res
        .writeHead(529, { 'content-type': 'application/json' })
        .end('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}');
    expect(await failure(adapter.chat(request(), call()))).toMatchObject({ kind: 'overloaded', status: 529 });
  });

  it('rejects a 200 body that is not JSON without echoing it', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>secret-token-123</html>');
    const err = await failure(adapter.chat(request({ stream: false }), call()));
    expect(err.kind).toBe('invalid_upstream_response');
    expect(err.message).not.toContain('secret-token-123');
  });

  it('releases the upstream connection when the consumer stops reading early', async () => {
    const closed = new Promise<void>((resolve) => {
      handler = (_req, res) => {
        res.on('close', () => resolve());
        res.writeHead(200, { 'content-type': 'text/event-stream' }).write(MESSAGE_START);
      };
    });
    for await (const event of adapter.chat(request(), call())) {
      expect(event.type).toBe('start');
      break;
    }
    await closed;
  });

  it('stops with "client went away" when the call is aborted mid-stream', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).write(MESSAGE_START);
    const controller = new AbortController();
    const events = adapter.chat(request(), call(controller.signal));
    const err = await failure(
      (async function* () {
        for await (const event of events) {
          controller.abort();
          yield event;
        }
      })(),
    );
    expect(err).toMatchObject({ kind: 'client_gone', status: 499 });
  });

  it('lists model ids from GET /v1/models', async () => {
    handler = (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"data":[{"type":"model","id":"claude-opus-4-1"}]}');
    expect(await adapter.listModels()).toEqual([{ id: 'claude-opus-4-1' }]);
    expect(seen[0]).toMatchObject({ method: 'GET', headers: { 'x-api-key': 'sk-ant-test' } });
  });

  it('caches health for 30 seconds', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[]}');
    let now = 1_000;
    const timed = new AnthropicAdapter(config(), { clock: { now: () => now, monotonic: () => now } });
    expect((await timed.health()).status).toBe('up');
    now += 29_000;
    await timed.health();
    expect(seen).toHaveLength(1);
    now += 2_000;
    await timed.health();
    expect(seen).toHaveLength(2);
    await timed.close();
  });

  it('reports an unconfigured provider without calling it', async () => {
    const idle = new AnthropicAdapter(config({ configured: false, apiKey: undefined }));
    expect((await idle.health()).status).toBe('unconfigured');
    expect(seen).toHaveLength(0);
    await idle.close();
  });
});
