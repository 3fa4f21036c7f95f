import type { ChatEvent, ChatResponse } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { ResponseMeta } from '#src/dialects/dialect.types.js';
import { UnifiedCodec } from './unified.codec.js';
import { UNIFIED_REQUEST_EXAMPLES } from './unified.dto.js';
import { AUTO_ROUTED_EXAMPLE, SEED_CHAT_EXAMPLE } from './unified.examples.js';

const codec = new UnifiedCodec();
const decode = (body: unknown) => codec.decode(body, {}).request;
const hello = [{ role: 'user', content: 'Hello' }];
const meta: ResponseMeta = {
  model: 'claude-3-opus',
  provider: 'claude',
  requestId: 'req_1',
  route: { reason: 'request_rule', rule: '代码|code' },
  attempts: [
    { model: 'gpt-4o', provider: 'openai', outcome: 'error', errorKind: 'rate_limited', status: 429, ms: 120 },
    { model: 'claude-3-opus', provider: 'claude', outcome: 'ok', ms: 800 },
  ],
};

function rejectedParam(body: unknown): string | undefined {
  try {
    decode(body);
  } catch (err) {
    if (err instanceof GatewayError && err.status === 400) return err.param;
    throw err;
  }
  throw new Error('the body was accepted');
}

describe('decoding a unified chat body', () => {
  it('accepts the documented seed example', () => {
    expect(codec.decode(SEED_CHAT_EXAMPLE, {})).toMatchObject({
      request: {
        model: 'claude-3-opus',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
        maxTokens: 256,
        temperature: 0.7,
        stream: false,
      },
      inbound: { shape: 'unified', body: SEED_CHAT_EXAMPLE },
    });
  });

  it('accepts the documented auto-routed example, carrying its request rules', () => {
    const req = decode(AUTO_ROUTED_EXAMPLE);
    expect(req.model).toBeUndefined();
    expect(req.routingRules).toEqual([{ pattern: '代码|code', model: 'cursor' }]);
  });

  it.each(Object.entries(UNIFIED_REQUEST_EXAMPLES))('accepts the Swagger example %s', (_name, example) => {
    expect(() => decode(example.value)).not.toThrow();
  });

  it('puts the top-level system before system messages', () => {
    const req = decode({ system: 'First.', messages: [{ role: 'system', content: 'Second.' }, ...hello] });
    expect(req.system).toEqual([
      { type: 'text', text: 'First.' },
      { type: 'text', text: 'Second.' },
    ]);
  });

  it('decodes OpenAI-shaped tool history and tools the same way as the OpenAI dialect', () => {
    const req = decode({
      messages: [
        ...hello,
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'ok' },
      ],
      tools: [{ type: 'function', function: { name: 'f' } }],
      tool_choice: 'auto',
    });
    expect(req.messages[2].content).toEqual([{ type: 'tool_result', toolCallId: 'c1', content: 'ok' }]);
    expect(req.tools?.[0].name).toBe('f');
  });

  it('accepts a rule naming a pool of models', () => {
    expect(decode({ messages: hello, routing_rules: [{ pattern: 'sql', models: ['a', 'b'] }] }).routingRules).toEqual([
      { pattern: 'sql', models: ['a', 'b'] },
    ]);
  });

  it.each([
    ['rules that are not an array', { routing_rules: { pattern: 'x' } }, 'routing_rules'],
    [
      'more than 16 rules',
      { routing_rules: Array.from({ length: 17 }, () => ({ pattern: 'x', model: 'm' })) },
      'routing_rules',
    ],
    ['a rule without a pattern', { routing_rules: [{ model: 'm' }] }, 'routing_rules[0].pattern'],
    [
      'a pattern over 512 characters',
      { routing_rules: [{ pattern: 'a'.repeat(513), model: 'm' }] },
      'routing_rules[0].pattern',
    ],
    ['a rule with neither model nor models', { routing_rules: [{ pattern: 'x' }] }, 'routing_rules[0]'],
    ['a non-string model', { routing_rules: [{ pattern: 'x', model: 3 }] }, 'routing_rules[0].model'],
    [
      'a pool with a non-string entry',
      { routing_rules: [{ pattern: 'x', models: ['a', 1] }] },
      'routing_rules[0].models[1]',
    ],
    ['a message role that is not a string', { messages: [{ role: ['bot'], content: 'x' }] }, 'messages[0].role'],
    ['a client-chosen api_base', { api_base: 'http://internal' }, 'api_base'],
  ])('refuses %s, naming the field', (_what, extra, param) => {
    expect(rejectedParam({ messages: hello, ...extra })).toBe(param);
  });
});

describe('encoding a unified answer', () => {
  const request = decode(SEED_CHAT_EXAMPLE);
  const answer: ChatResponse = {
    id: 'msg_01',
    content: [
      { type: 'thinking', text: 'Plan.', signature: 's' },
      { type: 'text', text: 'Hello ' },
      { type: 'text', text: 'there' },
      { type: 'tool_call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
      { type: 'tool_call', id: 'toolu_2', name: 'broken', arguments: '{"city":' },
    ],
    stopReason: 'tool_use',
    usage: { inputTokens: 10, outputTokens: 4, cacheReadTokens: 3 },
  };

  it('joins the text, parses tool arguments and shows the route and attempts', () => {
    expect(codec.encodeResponse(answer, request, meta)).toEqual({
      id: 'msg_01',
      object: 'chat.completion.unified',
      content: 'Hello there',
      tool_calls: [
        { id: 'toolu_1', name: 'get_weather', arguments: { city: 'Oslo' } },
        { id: 'toolu_2', name: 'broken', arguments: '{"city":' },
      ],
      _actual_model_used: 'claude-3-opus',
      model: 'claude-3-opus',
      provider: 'claude',
      finish_reason: 'tool_calls',
      usage: { input_tokens: 10, output_tokens: 4, total_tokens: 14, cache_read_tokens: 3 },
      thinking: 'Plan.',
      _route: meta.route,
      _attempts: meta.attempts,
    });
  });

  it('omits tool_calls and thinking when there are none', () => {
    const plain = codec.encodeResponse(
      { ...answer, content: [{ type: 'text', text: 'Hi' }], stopReason: 'max_tokens' },
      request,
      meta,
    );
    expect(plain).not.toHaveProperty('tool_calls');
    expect(plain).not.toHaveProperty('thinking');
    expect(plain).toMatchObject({ content: 'Hi', finish_reason: 'length' });
  });

  it('renders errors in the OpenAI envelope', () => {
    expect(codec.encodeError(new GatewayError('model_not_found', 'No model named x'), 'r').body).toEqual({
      error: { message: 'No model named x', type: 'invalid_request_error', param: null, code: 'model_not_found' },
    });
  });
});

describe('the unified stream', () => {
  const request = decode({ ...SEED_CHAT_EXAMPLE, stream: true });
  const events: ChatEvent[] = [
    { type: 'start', id: 'msg_01', usage: { inputTokens: 10, outputTokens: 0 } },
    { type: 'thinking_delta', text: 'Plan.' },
    { type: 'text_delta', text: 'Hi' },
    { type: 'tool_call_start', index: 0, id: 'toolu_1', name: 'get_weather' },
    { type: 'tool_call_delta', index: 0, argumentsDelta: '{"city":"Oslo"}' },
    { type: 'usage', usage: { inputTokens: 10, outputTokens: 7 } },
    { type: 'stop', reason: 'tool_use' },
  ];

  it('writes named events a curl user can read, then done and [DONE]', () => {
    const encoder = codec.streamEncoder(request, meta);
    const sse = events.map((e) => encoder.event(e)).join('') + encoder.end();
    const route = JSON.stringify(meta.route);
    expect(sse).toBe(
      `event: start\ndata: {"id":"msg_01","model":"claude-3-opus","provider":"claude","_actual_model_used":"claude-3-opus","_route":${route}}\n\n` +
        'event: thinking\ndata: {"content":"Plan."}\n\n' +
        'event: delta\ndata: {"content":"Hi"}\n\n' +
        'event: tool_call\ndata: {"index":0,"id":"toolu_1","name":"get_weather"}\n\n' +
        'event: tool_call_delta\ndata: {"index":0,"arguments":"{\\"city\\":\\"Oslo\\"}"}\n\n' +
        `event: done\ndata: {"finish_reason":"tool_calls","usage":{"input_tokens":10,"output_tokens":7,"total_tokens":17},"_attempts":${JSON.stringify(meta.attempts)}}\n\n` +
        'data: [DONE]\n\n',
    );
  });

  it('ends a failed stream with an error event and nothing after it', () => {
    const encoder = codec.streamEncoder(request, meta);
    const head = encoder.event(events[0]) + encoder.event(events[2]);
    const tail =
      encoder.error(new GatewayError('timeout', 'The upstream timed out')) + encoder.event(events[2]) + encoder.end();
    expect(head).toContain('event: start');
    expect(tail).toBe(
      'event: error\ndata: {"error":{"message":"The upstream timed out","type":"api_error","param":null,"code":"upstream_timeout"}}\n\n',
    );
  });
});
