import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatEvent, ChatRequest } from '#src/core/chat.types.js';
import { collectResponse } from '#src/core/collect.js';
import type { GatewayError } from '#src/core/gateway-error.js';
import type { ProviderConfig } from '#src/config/gateway-config.types.js';
import type { ProviderAdapter, UpstreamCall } from '#src/providers/provider.types.js';
import { relayFor, type InboundBody, type RelayCapable } from '#src/providers/relay.types.js';
import { createOpenAIProvider } from './index.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A scriptable upstream on 127.0.0.1 that records what it was sent. */
class LocalUpstream {
  handler: Handler = (_req, res) => res.end();
  requests: Array<{ method?: string; url?: string; headers: IncomingMessage['headers']; body: string }> = [];
  private readonly server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      this.requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      this.handler(req, res, body);
    });
  });

  async start(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }
}

const upstream = new LocalUpstream();
let config: ProviderConfig;

beforeAll(async () => {
  const origin = await upstream.start();
  config = {
    name: 'cursor',
    type: 'openai',
    baseUrl: `${origin}/v1`,
    apiKey: 'sk-test-key-123456',
    configured: true,
    headers: { 'x-team': 'blue' },
  };
});
afterAll(() => upstream.stop());
beforeEach(() => (upstream.requests = []));

function request(stream: boolean): ChatRequest {
  return {
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    stream,
  };
}

function call(signal = new AbortController().signal): UpstreamCall {
  return { upstreamModel: 'gpt-4o-mini', signal, deadlines: { firstByteMs: 5000, idleMs: 5000, totalMs: 10000 } };
}

async function failure(events: AsyncIterable<ChatEvent>): Promise<GatewayError> {
  try {
    for await (const _ of events);
  } catch (err) {
    return err as GatewayError;
  }
  throw new Error('expected a failure');
}

const sse = (o: object) => `data: ${JSON.stringify(o)}\n\n`;

describe('OpenAIAdapter', () => {
  it('streams a chat from /chat/completions with the key, the configured headers and usage requested', async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse({ id: 'c1', model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: 'Hello' } }] }));
      res.write(sse({ id: 'c1', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
      res.end(sse({ id: 'c1', choices: [], usage: { prompt_tokens: 5, completion_tokens: 1 } }) + 'data: [DONE]\n\n');
    };
    const adapter = createOpenAIProvider(config);
    const response = await collectResponse(adapter.chat(request(true), call()));
    await adapter.close?.();

    expect(response).toMatchObject({ content: [{ type: 'text', text: 'Hello' }], stopReason: 'end_turn' });
    expect(response.usage).toEqual({ inputTokens: 5, outputTokens: 1 });
    const sent = upstream.requests[0];
    expect(sent.url).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-test-key-123456');
    expect(sent.headers['x-team']).toBe('blue');
    expect(JSON.parse(sent.body)).toMatchObject({ model: 'gpt-4o-mini', stream_options: { include_usage: true } });
  });

  it('classifies a 429 with retry-after as rate_limited and keeps the wait', async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2' });
      res.end(
        '{"error":{"message":"Rate limit reached for gpt-4o-mini","type":"requests","code":"rate_limit_exceeded"}}',
      );
    };
    const adapter = createOpenAIProvider(config);
    const err = await failure(adapter.chat(request(true), call()));
    await adapter.close?.();
    expect(err).toMatchObject({ kind: 'rate_limited', retryAfterMs: 2000, upstreamStatus: 429, provider: 'cursor' });
    // What the upstream says about the gateway's account is for the log, not the client.
    expect(err.message).toBe('The upstream provider "cursor" is rate limiting the gateway');
    expect(err.detail).toContain('Rate limit reached');
  });

  it('classifies a 429 insufficient_quota as a billing refusal, not a rate limit', async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end(
        '{"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}',
      );
    };
    const adapter = createOpenAIProvider(config);
    const err = await failure(adapter.chat(request(false), call()));
    await adapter.close?.();
    expect(err).toMatchObject({ kind: 'upstream_billing', status: 503, upstreamStatus: 429, provider: 'cursor' });
    expect(err.detail).toContain('exceeded your current quota');
  });

  it('answers an HTML page sent with status 200 as an invalid upstream response, without echoing it', async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Sign in to continue</body></html>');
    };
    const adapter = createOpenAIProvider(config);
    const err = await failure(adapter.chat(request(false), call()));
    await adapter.close?.();
    expect(err.kind).toBe('invalid_upstream_response');
    expect(err.message).not.toContain('Sign in');
  });

  it('closes the upstream connection when the call is aborted mid-stream', async () => {
    const closed = new Promise<void>((resolve) => {
      upstream.handler = (_req, res) => {
        res.on('close', () => resolve());
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(sse({ id: 'c1', choices: [{ index: 0, delta: { content: 'Hel' } }] }));
      };
    });
    const controller = new AbortController();
    const adapter = createOpenAIProvider(config);
    const events = adapter.chat(request(true), call(controller.signal))[Symbol.asyncIterator]();
    expect((await events.next()).value).toMatchObject({ type: 'start' });
    controller.abort();
    await expect(events.next()).rejects.toMatchObject({ name: 'GatewayError' });
    await closed;
    await adapter.close?.();
  });

  it('closes the upstream connection when the consumer stops reading early', async () => {
    const closed = new Promise<void>((resolve) => {
      upstream.handler = (_req, res) => {
        res.on('close', () => resolve());
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(sse({ id: 'c1', choices: [{ index: 0, delta: { content: 'Hel' } }] }));
      };
    });
    const adapter = createOpenAIProvider(config);
    for await (const event of adapter.chat(request(true), call())) if (event.type === 'text_delta') break;
    await closed;
    await adapter.close?.();
  });

  it('lists model ids from /models', async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"object":"list","data":[{"id":"gpt-4o","object":"model"},{"id":"o3","object":"model"}]}');
    };
    const adapter = createOpenAIProvider(config);
    expect(await adapter.listModels()).toEqual([{ id: 'gpt-4o' }, { id: 'o3' }]);
    expect(upstream.requests[0]).toMatchObject({ method: 'GET', url: '/v1/models' });
    await adapter.close?.();
  });

  it('checks health with a models call, cached, and reports an unconfigured account without calling it', async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data":[]}');
    };
    const adapter = createOpenAIProvider(config);
    expect((await adapter.health()).status).toBe('up');
    expect((await adapter.health()).status).toBe('up');
    expect(upstream.requests).toHaveLength(1);
    await adapter.close?.();

    const unconfigured = createOpenAIProvider({ ...config, configured: false });
    expect((await unconfigured.health()).status).toBe('unconfigured');
    expect(upstream.requests).toHaveLength(1);
  });
});

describe('OpenAIAdapter relaying a Chat Completions client', () => {
  const FILE_PART = { type: 'file', file: { file_id: 'file-abc123' } };
  const clientBody = { model: 'fast', messages: [{ role: 'user', content: 'Hi' }], logit_bias: { '1': -100 } };
  const inbound = (stream: boolean): InboundBody => ({
    shape: 'openai',
    body: { ...clientBody, stream },
    forwardHeaders: {},
  });
  const json =
    '{"id":"c1","object":"chat.completion","model":"gpt-4o-mini","system_fingerprint":"fp_1",' +
    '"choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],' +
    '"usage":{"prompt_tokens":5,"completion_tokens":1}}';

  it('relays only a client in the wire it is configured for', () => {
    const adapter = createOpenAIProvider(config);
    const responses = createOpenAIProvider({ ...config, wireApi: 'responses' });
    expect(relayFor(adapter, inbound(false))?.adapter).toBe(adapter);
    expect(relayFor(adapter, { shape: 'anthropic', body: {}, forwardHeaders: {} })).toBeUndefined();
    expect(relayFor(adapter, undefined)).toBeUndefined();
    expect(relayFor(responses, inbound(false))).toBeUndefined();
  });

  it('takes a 404 on a request naming an uploaded file as the client’s, unless the upstream says the model is missing', async () => {
    const adapter = createOpenAIProvider(config) as ProviderAdapter & RelayCapable;
    const answer404 = (code: string | null) => {
      const error = { message: 'No such object.', type: 'invalid_request_error', param: null, code };
      upstream.handler = (_req, res) =>
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error }));
    };
    const send = (part: object) => {
      const body = { ...clientBody, messages: [{ role: 'user', content: [part] }] };
      return adapter.relay(request(false), { shape: 'openai', body, forwardHeaders: {} }, call());
    };
    answer404(null);
    await expect(send(FILE_PART)).rejects.toMatchObject({ kind: 'bad_request', status: 404 });
    await expect(send({ type: 'text', text: 'Hi' })).rejects.toMatchObject({ kind: 'not_found', status: 404 });
    answer404('model_not_found');
    await expect(send(FILE_PART)).rejects.toMatchObject({ kind: 'not_found', status: 404 });
    await adapter.close?.();
  });

  it("sends the client's own body and hands back the upstream JSON byte for byte, read for usage", async () => {
    upstream.handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(json);
    const adapter = createOpenAIProvider(config) as ProviderAdapter & RelayCapable;
    const answer = await adapter.relay(request(false), inbound(false), call());
    await adapter.close?.();
    expect(answer).toMatchObject({ kind: 'json', json });
    if (answer.kind === 'json') expect((await collectResponse(answer.seen)).usage.inputTokens).toBe(5);
    expect(JSON.parse(upstream.requests[0].body)).toEqual({ ...clientBody, model: 'gpt-4o-mini', stream: false });
  });

  it('refuses a relayed whole answer that is not JSON as an invalid upstream response, without echoing it', async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Sign in to continue</body></html>');
    };
    const adapter = createOpenAIProvider(config) as ProviderAdapter & RelayCapable;
    const relaying = adapter.relay(request(false), inbound(false), call());
    await expect(relaying).rejects.toMatchObject({
      kind: 'invalid_upstream_response',
      message: expect.not.stringContaining('Sign in'),
    });
    await adapter.close?.();
  });

  it('hands back the stream as frames, and decodes one JSON document sent to a streaming request', async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(
        sse({ id: 'c1', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }] }) +
          'data: [DONE]\n\n',
      );
    };
    const adapter = createOpenAIProvider(config) as ProviderAdapter & RelayCapable;
    const frames = await adapter.relay(request(true), inbound(true), call());
    expect(frames.kind).toBe('sse');
    if (frames.kind === 'sse') for await (const _ of frames.frames);
    upstream.handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(json);
    const decoded = await adapter.relay(request(true), inbound(true), call());
    await adapter.close?.();
    expect(decoded.kind).toBe('events');
    if (decoded.kind === 'events') expect((await collectResponse(decoded.events)).content).toHaveLength(1);
  });
});

describe('OpenAIAdapter on the Responses API', () => {
  const limits = { responseBytes: 8 * 1024 * 1024, streamLineBytes: 1024 * 1024 };
  /** Instructions longer than one stream frame may be, repeated by the closing event as the API does. */
  const instructions = 'Follow the house style. '.repeat(64 * 1024);
  const event = (type: string, fields: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...fields })}\n\n`;

  beforeEach(() => {
    upstream.handler = (_req, res) => {
      const response = { id: 'resp_1', model: 'gpt-5', instructions, status: 'in_progress', output: [] };
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(event('response.created', { response }));
      res.write(event('response.output_text.delta', { output_index: 0, delta: 'Done.' }));
      const usage = { input_tokens: 9, output_tokens: 2, total_tokens: 11 };
      res.end(event('response.completed', { response: { ...response, status: 'completed', usage } }));
    };
  });

  it('reads a stream whose closing event is larger than one frame may be, up to the whole-answer cap', async () => {
    const adapter = createOpenAIProvider({ ...config, wireApi: 'responses' });
    const response = await collectResponse(adapter.chat(request(true), { ...call(), limits }));
    await adapter.close?.();
    expect(response).toMatchObject({ content: [{ type: 'text', text: 'Done.' }], stopReason: 'end_turn' });
  });

  it('relays such a stream to a Responses client whole', async () => {
    const adapter = createOpenAIProvider({ ...config, wireApi: 'responses' }) as ProviderAdapter & RelayCapable;
    const inbound: InboundBody = { shape: 'responses', body: { model: 'gpt-5', input: 'Hi' }, forwardHeaders: {} };
    const answer = await adapter.relay(request(true), inbound, { ...call(), limits });
    const events: string[] = [];
    if (answer.kind === 'sse') for await (const f of answer.frames) events.push(f.frame?.event ?? '');
    await adapter.close?.();
    expect(events).toEqual(['response.created', 'response.output_text.delta', 'response.completed']);
  });
});
