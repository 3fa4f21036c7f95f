import { sealThinking } from '#src/core/thinking-envelope.js';
import type { ChatRequest } from '#src/core/chat.types.js';
import { fromResponsesAnswer } from './openai-responses-answer.mapper.js';
import { toResponsesRelayBody } from './openai-responses-relay.mapper.js';
import { toResponsesRequest } from './openai-responses-request.mapper.js';

const PNG = { kind: 'base64' as const, mediaType: 'image/png', data: 'iVBORw0KGgo=' };

function anthropicClientRequest(): ChatRequest {
  return {
    model: 'smart',
    system: [{ type: 'text', text: 'Be brief.' }],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'image', source: PNG },
          { type: 'text', text: 'Weather?' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', text: 'Use the tool.', signature: 'sig' },
          { type: 'text', text: 'Checking.' },
          { type: 'tool_call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', toolCallId: 'toolu_1', content: 'sunny' }] },
      { role: 'system', content: [{ type: 'text', text: 'Answer in French.' }] },
    ],
    tools: [{ name: 'get_weather', parameters: { type: 'object' } }],
    toolChoice: { type: 'any', disableParallel: true },
    maxTokens: 64_000,
    temperature: 0.3,
    responseFormat: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true },
    reasoning: { effort: 'low' },
    stream: true,
  };
}

describe('toResponsesRequest', () => {
  const body = toResponsesRequest(anthropicClientRequest(), 'gpt-5', { maxOutputTokens: 32_000 });

  it('turns the conversation into input items, calls and outputs paired by call_id, thinking left out', () => {
    expect(body.instructions).toBe('Be brief.');
    expect(body.input).toEqual([
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'auto' },
          { type: 'input_text', text: 'Weather?' },
        ],
      },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
      { type: 'function_call', call_id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
      { type: 'function_call_output', call_id: 'toolu_1', output: 'sunny' },
      { type: 'message', role: 'system', content: [{ type: 'input_text', text: 'Answer in French.' }] },
    ]);
  });

  it('sends flat function tools, not strict unless asked, and the options in Responses spelling', () => {
    expect(body).toMatchObject({
      model: 'gpt-5',
      tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' }, strict: false }],
      tool_choice: 'required',
      parallel_tool_calls: false,
      max_output_tokens: 32_000,
      temperature: 0.3,
      text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true } },
      reasoning: { effort: 'low' },
      stream: true,
      store: false,
    });
  });

  it('sends a tool result holding an image as a list of input content, the image kept', () => {
    const request: ChatRequest = {
      messages: [
        { role: 'assistant', content: [{ type: 'tool_call', id: 'call_1', name: 'Read', arguments: '{}' }] },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              toolCallId: 'call_1',
              content: [
                { type: 'text', text: 'a.png' },
                { type: 'image', source: PNG },
              ],
            },
          ],
        },
      ],
      stream: false,
    };
    expect(toResponsesRequest(request, 'gpt-5').input[1]).toEqual({
      type: 'function_call_output',
      call_id: 'call_1',
      output: [
        { type: 'input_text', text: 'a.png' },
        { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'auto' },
      ],
    });
  });

  it('asks for the effort an Anthropic thinking budget corresponds to, and none when thinking is off', () => {
    const thinking = (reasoning: ChatRequest['reasoning']) =>
      toResponsesRequest({ ...anthropicClientRequest(), reasoning }, 'gpt-5').reasoning;
    expect(thinking({ enabled: true, budgetTokens: 20_000 })).toEqual({ effort: 'high' });
    expect(thinking({ enabled: true, budgetTokens: 2_000 })).toEqual({ effort: 'low' });
    expect(thinking({ enabled: false, effort: 'high' })).toBeUndefined();
  });
});

describe('toResponsesRelayBody', () => {
  it('changes the model and nothing else, clamping only a token ceiling above the limit', () => {
    const source = {
      model: 'smart',
      input: [{ type: 'hologram_call', id: 'h1' }],
      tools: [{ type: 'web_search' }],
      max_output_tokens: 100_000,
      future_field: { a: 1 },
    };
    expect(toResponsesRelayBody(source, 'gpt-5', { maxOutputTokens: 32_000 })).toEqual({
      ...source,
      model: 'gpt-5',
      max_output_tokens: 32_000,
    });
    expect(source.model).toBe('smart');
  });
});

describe('toResponsesRelayBody with store: false', () => {
  it('leaves out reasoning items the upstream cannot take back, keeping its own encrypted ones', () => {
    const own = { type: 'reasoning', id: 'rs_up', summary: [], encrypted_content: 'gAAAA' };
    const input = [
      { role: 'user', content: 'hi' },
      { type: 'reasoning', id: 'rs_translated', summary: [{ type: 'summary_text', text: 'Think.' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello' }] },
      own,
      { role: 'user', content: 'again' },
    ];
    const body = toResponsesRelayBody({ model: 'smart', store: false, input }, 'gpt-5', {});
    expect(body.input).toEqual([input[0], input[2], own, input[4]]);
    expect(input).toHaveLength(5);
  });

  it("leaves out reasoning the gateway sealed from another vendor's answer, stored or not", () => {
    const sealed = sealThinking({ text: 'Oslo, so one call.', signature: 'EqQBsig==' });
    const own = { type: 'reasoning', id: 'rs_up', summary: [], encrypted_content: 'gAAAA' };
    const input = [
      { role: 'user', content: 'hi' },
      { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: sealed },
      own,
    ];
    for (const store of [false, undefined]) {
      expect(toResponsesRelayBody({ model: 'smart', store, input }, 'gpt-5', {}).input).toEqual([input[0], own]);
    }
  });

  it('keeps every item when items are stored, where the upstream finds its own by id', () => {
    const input = [{ type: 'reasoning', id: 'rs_up', summary: [] }];
    expect(toResponsesRelayBody({ model: 'smart', input }, 'gpt-5', {}).input).toEqual(input);
  });
});

describe('fromResponsesAnswer', () => {
  const options = { provider: 'openai', toolNames: new Map<string, string>() };

  it('reads reasoning, text, calls and usage in output order', () => {
    const events = fromResponsesAnswer(
      {
        id: 'resp_1',
        model: 'gpt-5',
        status: 'completed',
        output: [
          { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Think.' }] },
          { type: 'message', content: [{ type: 'output_text', text: 'Hi' }] },
          { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' },
          { type: 'web_search_call', id: 'ws_1' },
        ],
        usage: { input_tokens: 5, output_tokens: 2, output_tokens_details: { reasoning_tokens: 1 } },
      },
      options,
    );
    expect(events.slice(1)).toEqual([
      { type: 'thinking_delta', text: 'Think.' },
      { type: 'text_delta', text: 'Hi' },
      { type: 'tool_call_start', index: 0, id: 'call_1', name: 'f' },
      { type: 'tool_call_delta', index: 0, argumentsDelta: '{}' },
      { type: 'usage', usage: { inputTokens: 5, outputTokens: 2, reasoningTokens: 1 } },
      { type: 'stop', reason: 'tool_use' },
    ]);
  });

  it('throws a failed response as a classified error', () => {
    const failed = { status: 'failed', error: { code: 'server_error', message: 'Boom' }, output: [] };
    // What the upstream says about itself stays in the log (`detail`); the client gets a classified message.
    expect(() => fromResponsesAnswer(failed, options)).toThrow(
      expect.objectContaining({ kind: 'upstream_5xx', detail: 'Boom' }),
    );
  });
});
