import type { ChatMessage, ChatRequest, ImagePart } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { toOllamaRequest } from './ollama-request.mapper.js';

function chatRequest(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    stream: true,
    ...overrides,
  };
}

/** A call to a screenshot tool, then its result: the text `Two windows open.` and `images`. */
function screenshotTurns(...images: ImagePart['source'][]): ChatMessage[] {
  return [
    { role: 'assistant', content: [{ type: 'tool_call', id: 'call_s', name: 'screenshot', arguments: '{}' }] },
    {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          toolCallId: 'call_s',
          content: [
            { type: 'text', text: 'Two windows open.' },
            ...images.map((source) => ({ type: 'image' as const, source })),
          ],
        },
      ],
    },
  ];
}

describe('toOllamaRequest', () => {
  it('keeps a system message from mid-conversation at its place', () => {
    const body = toOllamaRequest(
      chatRequest({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Fix it' }] },
          { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] },
          { role: 'system', content: [{ type: 'text', text: 'Plan mode is on.' }] },
          { role: 'user', content: [{ type: 'text', text: 'Next' }] },
        ],
      }),
      'llama3.2',
    );
    expect(body.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'Fix it'],
      ['assistant', 'Done.'],
      ['system', 'Plan mode is on.'],
      ['user', 'Next'],
    ]);
  });

  it('puts system text first and sends the stream flag as asked', () => {
    const body = toOllamaRequest(chatRequest({ system: [{ type: 'text', text: 'Be brief.' }] }), 'llama3.2');
    expect(body).toEqual({
      model: 'llama3.2',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      stream: true,
    });
  });

  it('sends images as raw base64, unwrapping data URIs', () => {
    const body = toOllamaRequest(
      chatRequest({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0' } },
              { type: 'image', source: { kind: 'url', url: 'data:image/jpeg;base64,/9j/4AAQ' } },
            ],
          },
        ],
      }),
      'llava',
    );
    expect(body.messages).toEqual([{ role: 'user', content: 'What is this?', images: ['iVBORw0', '/9j/4AAQ'] }]);
  });

  it('refuses an https image URL with a message naming the part', () => {
    const request = chatRequest({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Look' }] },
        { role: 'user', content: [{ type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } }] },
      ],
    });
    let err: unknown;
    try {
      toOllamaRequest(request, 'llava');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ kind: 'invalid_request', param: 'messages[1].content[0]' });
    expect((err as Error).message).toMatch(/base64/);
  });

  it('sends tool-call arguments as objects and tool results with the name of the tool that was called', () => {
    const body = toOllamaRequest(
      chatRequest({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Weather in Oslo?' }] },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', text: 'Use the tool.' },
              { type: 'tool_call', id: 'call_a', name: 'get_weather', arguments: '{"city":"Oslo"}' },
              { type: 'tool_call', id: 'call_b', name: 'get_time', arguments: '{"tz":' },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', toolCallId: 'call_a', content: 'Sunny' },
              {
                type: 'tool_result',
                toolCallId: 'call_b',
                content: [{ type: 'text', text: 'no clock' }],
                isError: true,
              },
            ],
          },
        ],
      }),
      'qwen3',
    );
    expect(body.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: '',
        thinking: 'Use the tool.',
        tool_calls: [
          { id: 'call_a', function: { name: 'get_weather', arguments: { city: 'Oslo' } } },
          // A call cut off earlier in the conversation is replayed with empty arguments.
          { id: 'call_b', function: { name: 'get_time', arguments: {} } },
        ],
      },
      { role: 'tool', content: 'Sunny', tool_name: 'get_weather', tool_call_id: 'call_a' },
      { role: 'tool', content: 'Error: no clock', tool_name: 'get_time', tool_call_id: 'call_b' },
    ]);
  });

  it("sends a tool result's images on its tool message as raw base64 to a model with vision, and says so of one only at a URL", () => {
    const body = toOllamaRequest(
      chatRequest({
        messages: screenshotTurns(
          { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0' },
          { kind: 'url', url: 'data:image/jpeg;base64,/9j/4AAQ' },
          { kind: 'url', url: 'https://example.com/shot.png' },
        ),
      }),
      'qwen3-vl',
      { vision: true },
    );
    expect(body.messages[1]).toEqual({
      role: 'tool',
      content: expect.stringMatching(/^Two windows open\.\n.*image given by URL was left out/),
      images: ['iVBORw0', '/9j/4AAQ'],
      tool_name: 'screenshot',
      tool_call_id: 'call_s',
    });
  });

  it("leaves a tool result's images out for a model without vision, and says so in its text", () => {
    const body = toOllamaRequest(
      chatRequest({
        messages: screenshotTurns({ kind: 'base64', mediaType: 'image/png', data: 'iVBORw0' }),
      }),
      'llama3.2',
    );
    expect(body.messages[1]).toEqual({
      role: 'tool',
      content: 'Two windows open.\n[an image was left out: this model does not take images]',
      tool_name: 'screenshot',
      tool_call_id: 'call_s',
    });
  });

  it('maps sampling options, clamping num_predict, and the response format', () => {
    const body = toOllamaRequest(
      chatRequest({
        maxTokens: 32000,
        temperature: 0.3,
        topP: 0.8,
        topK: 20,
        stop: ['###'],
        seed: 1,
        responseFormat: { type: 'json_schema', name: 'out', schema: { type: 'object' } },
      }),
      'llama3.2',
      { maxOutputTokens: 4096 },
    );
    expect(body.options).toEqual({
      temperature: 0.3,
      top_p: 0.8,
      top_k: 20,
      num_predict: 4096,
      stop: ['###'],
      seed: 1,
    });
    expect(body.format).toEqual({ type: 'object' });
    expect(toOllamaRequest(chatRequest({ responseFormat: { type: 'json_object' } }), 'm').format).toBe('json');
  });

  it.each([
    [{ effort: 'high' as const }, 'high'],
    [{ effort: 'minimal' as const }, 'low'],
    [{ enabled: true, budgetTokens: 2048 }, true],
    [{ enabled: false }, false],
  ])('maps reasoning %j to think %j', (reasoning, think) => {
    expect(toOllamaRequest(chatRequest({ reasoning }), 'qwen3').think).toBe(think);
  });

  it('offers tools with a default schema, and none at all when the client chose none', () => {
    const tools = [{ name: 'ping', parameters: {} }];
    expect(toOllamaRequest(chatRequest({ tools }), 'm').tools).toEqual([
      { type: 'function', function: { name: 'ping', parameters: { type: 'object', properties: {} } } },
    ]);
    expect(toOllamaRequest(chatRequest({ tools, toolChoice: { type: 'none' } }), 'm')).not.toHaveProperty('tools');
  });
});
