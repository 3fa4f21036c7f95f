import type { ChatMessage, ChatRequest, ToolResultPart } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { tokenLimitFieldFor, toOpenAIRequest } from './openai-request.mapper.js';

function chatRequest(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    stream: false,
    ...overrides,
  };
}

/** A Read call, then the user's turn holding its result (and what the user wrote after it). */
function toolTurn(result: ToolResultPart['content'], after: ChatMessage['content'] = []): ChatRequest {
  return chatRequest({
    messages: [
      { role: 'assistant', content: [{ type: 'tool_call', id: 'call_1', name: 'Read', arguments: '{}' }] },
      { role: 'user', content: [{ type: 'tool_result', toolCallId: 'call_1', content: result }, ...after] },
    ],
  });
}

describe('toOpenAIRequest', () => {
  it('shows the images a tool returned in a user message right after the tool messages', () => {
    const png = { kind: 'base64' as const, mediaType: 'image/png', data: 'iVBORw0' };
    const body = toOpenAIRequest(
      toolTurn(
        [
          { type: 'text', text: 'a.png' },
          { type: 'image', source: png },
        ],
        [{ type: 'text', text: 'What is in it?' }],
      ),
      'gpt-4o',
    );
    expect(body.messages.slice(1)).toEqual([
      { role: 'tool', tool_call_id: 'call_1', content: 'a.png' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Attached to the result of tool call call_1:' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0' } },
          { type: 'text', text: 'What is in it?' },
        ],
      },
    ]);
  });

  it("sends a tool result's text document as text, a PDF as a file, and leaves out one given by URL", () => {
    const text = { kind: 'base64' as const, mediaType: 'text/plain', data: Buffer.from('line one').toString('base64') };
    const pdf = { kind: 'base64' as const, mediaType: 'application/pdf', data: 'JVBERi0' };
    const body = toOpenAIRequest(
      toolTurn([
        { type: 'text', text: 'files' },
        { type: 'document', source: text },
        { type: 'document', source: { kind: 'url', url: 'data:text/plain,two%20words' } },
        { type: 'document', source: { kind: 'url', url: 'data:text/markdown,%23%20notes' } },
        { type: 'document', source: { kind: 'url', url: 'https://x/a.pdf' } },
        { type: 'document', source: pdf },
      ]),
      'gpt-4o',
    );
    expect(body.messages.slice(1)).toEqual([
      { role: 'tool', tool_call_id: 'call_1', content: 'files' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Attached to the result of tool call call_1:' },
          { type: 'text', text: 'line one' },
          { type: 'text', text: 'two words' },
          { type: 'text', text: '# notes' },
          { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0' } },
        ],
      },
    ]);
  });

  it('leaves out a tool result whose only document is given by URL, rather than refusing the request', () => {
    const body = toOpenAIRequest(
      toolTurn([{ type: 'document', source: { kind: 'url', url: 'https://x/a.pdf' } }]),
      'gpt-4o',
    );
    expect(body.messages.slice(1)).toEqual([{ role: 'tool', tool_call_id: 'call_1', content: '' }]);
  });

  it('sends the token ceiling in the field it is given, max_tokens by default', () => {
    const request = chatRequest({ maxTokens: 32_000 });
    const completion = toOpenAIRequest(request, 'gpt-5', {
      maxOutputTokens: 16_000,
      tokenLimitField: 'max_completion_tokens',
    });
    const plain = toOpenAIRequest(request, 'llama3', {});
    expect([completion.max_completion_tokens, completion.max_tokens]).toEqual([16_000, undefined]);
    expect([plain.max_tokens, plain.max_completion_tokens]).toEqual([32_000, undefined]);
  });

  it('uses max_completion_tokens only for reasoning models on OpenAI and Azure OpenAI', () => {
    const openai = { baseUrl: 'https://api.openai.com/v1' };
    const azure = { baseUrl: 'https://acme.openai.azure.com/openai/deployments/gpt5' };
    const deepseek = { baseUrl: 'https://api.deepseek.com/v1' };
    const lmStudio = { baseUrl: 'http://127.0.0.1:1234/v1' };
    expect(tokenLimitFieldFor(openai, true)).toBe('max_completion_tokens');
    expect(tokenLimitFieldFor(azure, true)).toBe('max_completion_tokens');
    for (const host of ['acme.cognitiveservices.azure.com', 'acme.services.ai.azure.com'])
      expect(tokenLimitFieldFor({ baseUrl: `https://${host}/openai/v1` }, true)).toBe('max_completion_tokens');
    expect(tokenLimitFieldFor(openai, false)).toBe('max_tokens');
    expect(tokenLimitFieldFor(deepseek, true)).toBe('max_tokens');
    expect(tokenLimitFieldFor(lmStudio, true)).toBe('max_tokens');
  });

  it("follows the provider's token_limit_field over its base URL", () => {
    const proxy = { baseUrl: 'https://proxy.example/v1', tokenLimitField: 'max_completion_tokens' as const };
    const openai = { baseUrl: 'https://api.openai.com/v1', tokenLimitField: 'max_tokens' as const };
    expect(tokenLimitFieldFor(proxy, false)).toBe('max_completion_tokens');
    expect(tokenLimitFieldFor(openai, true)).toBe('max_tokens');
  });

  it('keeps a system message from mid-conversation at its place', () => {
    const body = toOpenAIRequest(
      chatRequest({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Fix it' }] },
          { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] },
          { role: 'system', content: [{ type: 'text', text: 'Plan mode is on.' }] },
          { role: 'user', content: [{ type: 'text', text: 'Next' }] },
        ],
      }),
      'gpt-4o',
    );
    expect(body.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'Fix it'],
      ['assistant', 'Done.'],
      ['system', 'Plan mode is on.'],
      ['user', 'Next'],
    ]);
  });

  it('puts system text in a first system message and sends a lone text part as a string', () => {
    const body = toOpenAIRequest(
      chatRequest({
        system: [
          { type: 'text', text: 'Be brief.' },
          { type: 'text', text: 'Be kind.' },
        ],
      }),
      'gpt-4o',
    );
    expect(body.model).toBe('gpt-4o');
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.\n\nBe kind.' },
      { role: 'user', content: 'Hi' },
    ]);
  });

  it('encodes base64 images as data URIs, keeps https URLs and detail, and documents as file parts', () => {
    const body = toOpenAIRequest(
      chatRequest({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Compare' },
              { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0' }, detail: 'low' },
              { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
              {
                type: 'document',
                source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBER' },
                title: 'a.pdf',
              },
            ],
          },
        ],
      }),
      'gpt-4o',
    );
    expect(body.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'Compare' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0', detail: 'low' } },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
        { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBER', filename: 'a.pdf' } },
      ],
    });
  });

  it('refuses a document given by URL, naming the part', () => {
    const request = chatRequest({
      messages: [{ role: 'user', content: [{ type: 'document', source: { kind: 'url', url: 'https://x/a.pdf' } }] }],
    });
    expect(() => toOpenAIRequest(request, 'gpt-4o')).toThrow(GatewayError);
    expect(() => toOpenAIRequest(request, 'gpt-4o')).toThrow(/messages\[0\]\.content\[0\]/);
  });

  it('sends assistant text and tool calls as one message, and tool results before the next user text', () => {
    const body = toOpenAIRequest(
      chatRequest({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', text: 'I should call the tool', signature: 'sig' },
              { type: 'text', text: 'Checking.' },
              { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
              { type: 'tool_call', id: 'call_2', name: 'get_time', arguments: '' },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Thanks' },
              { type: 'tool_result', toolCallId: 'call_1', content: [{ type: 'text', text: 'Sunny' }] },
              { type: 'tool_result', toolCallId: 'call_2', content: 'clock broke', isError: true },
            ],
          },
        ],
      }),
      'gpt-4o',
    );
    expect(body.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
          { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
      { role: 'tool', tool_call_id: 'call_2', content: 'Error: clock broke' },
      { role: 'user', content: 'Thanks' },
    ]);
  });

  it('sends null content for an assistant turn that only calls tools', () => {
    const body = toOpenAIRequest(
      chatRequest({
        messages: [{ role: 'assistant', content: [{ type: 'tool_call', id: 'c', name: 'f', arguments: '{}' }] }],
      }),
      'm',
    );
    expect(body.messages[0]).toMatchObject({ role: 'assistant', content: null });
  });

  it('encodes tools with a default schema, tool choice and disabled parallel calls', () => {
    const body = toOpenAIRequest(
      chatRequest({
        tools: [
          { name: 'ping', parameters: {} },
          { name: 'add', description: 'Adds', parameters: { type: 'object' } },
        ],
        toolChoice: { type: 'any', disableParallel: true },
      }),
      'm',
    );
    expect(body.tools).toEqual([
      { type: 'function', function: { name: 'ping', parameters: { type: 'object', properties: {} } } },
      { type: 'function', function: { name: 'add', description: 'Adds', parameters: { type: 'object' } } },
    ]);
    expect(body.tool_choice).toBe('required');
    expect(body.parallel_tool_calls).toBe(false);
  });

  it.each([
    [{ type: 'auto' } as const, 'auto'],
    [{ type: 'none' } as const, 'none'],
    [{ type: 'tool', name: 'add' } as const, { type: 'function', function: { name: 'add' } }],
  ])('maps tool choice %j', (toolChoice, expected) => {
    const body = toOpenAIRequest(chatRequest({ tools: [{ name: 'add', parameters: {} }], toolChoice }), 'm');
    expect(body.tool_choice).toEqual(expected);
  });

  it('leaves tool_choice out when no tools are sent, as OpenAI rejects it alone', () => {
    const body = toOpenAIRequest(chatRequest({ toolChoice: { type: 'auto' }, parallelToolCalls: false }), 'm');
    expect(body).not.toHaveProperty('tool_choice');
    expect(body).not.toHaveProperty('parallel_tool_calls');
  });

  it('clamps max_tokens to the upstream ceiling and maps sampling options', () => {
    const body = toOpenAIRequest(
      chatRequest({
        maxTokens: 32000,
        stop: ['END'],
        temperature: 0.2,
        topP: 0.9,
        topK: 40,
        seed: 7,
        user: 'u-1',
        reasoning: { effort: 'high' },
        responseFormat: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true },
      }),
      'm',
      { maxOutputTokens: 8192 },
    );
    expect(body).toMatchObject({
      max_tokens: 8192,
      stop: ['END'],
      temperature: 0.2,
      top_p: 0.9,
      seed: 7,
      user: 'u-1',
      reasoning_effort: 'high',
      response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } },
    });
    expect(body).not.toHaveProperty('top_k');
  });

  it('asks for usage in the stream when streaming', () => {
    expect(toOpenAIRequest(chatRequest({ stream: true }), 'm')).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(toOpenAIRequest(chatRequest(), 'm')).not.toHaveProperty('stream_options');
  });
});
