import { collectResponse } from '#src/core/collect.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { fromOpenAIResponse } from './openai-response.mapper.js';

const options = { provider: 'openai', toolNames: new Map<string, string>() };

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

describe('fromOpenAIResponse', () => {
  it('turns a tool-calling answer into start, tool call, usage and tool_use', async () => {
    const wire = `{"id":"chatcmpl-1","object":"chat.completion","created":1730000000,"model":"gpt-4o",
      "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,
        "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]},
        "logprobs":null,"finish_reason":"tool_calls"}],
      "usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99,"prompt_tokens_details":{"cached_tokens":0},
        "completion_tokens_details":{"reasoning_tokens":0}}}`;
    const events = fromOpenAIResponse(JSON.parse(wire), options);
    const usage = { inputTokens: 82, outputTokens: 17, cacheReadTokens: 0, reasoningTokens: 0 };
    expect(events[0]).toEqual({ type: 'start', id: 'chatcmpl-1', model: 'gpt-4o', usage });
    expect(await collectResponse(from(events))).toEqual({
      id: 'chatcmpl-1',
      model: 'gpt-4o',
      content: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }],
      stopReason: 'tool_use',
      stopSequence: undefined,
      usage,
    });
  });

  it('reads text and reasoning_content, thinking first', async () => {
    const wire =
      '{"id":"x","model":"deepseek-reasoner","choices":[{"index":0,"message":{"role":"assistant","content":"42","reasoning_content":"Hmm"},"finish_reason":"length"}]}';
    const response = await collectResponse(from(fromOpenAIResponse(JSON.parse(wire), options)));
    expect(response.content).toEqual([
      { type: 'thinking', text: 'Hmm' },
      { type: 'text', text: '42' },
    ]);
    expect(response.stopReason).toBe('max_tokens');
    expect(response.usage).toEqual({ inputTokens: 0, outputTokens: 0 });
  });

  it('reads reasoning sent as `reasoning`, as OpenRouter and Ollama name it', async () => {
    const wire =
      '{"id":"x","model":"qwen3","choices":[{"index":0,"message":{"role":"assistant","content":"42","reasoning":"Hmm"},"finish_reason":"stop"}]}';
    const response = await collectResponse(from(fromOpenAIResponse(JSON.parse(wire), options)));
    expect(response.content).toEqual([
      { type: 'thinking', text: 'Hmm' },
      { type: 'text', text: '42' },
    ]);
  });

  it('reports a refusal as refusal', () => {
    const wire =
      '{"choices":[{"message":{"content":null,"refusal":"I can\'t help with that."},"finish_reason":"stop"}]}';
    expect(fromOpenAIResponse(JSON.parse(wire), options).at(-1)).toEqual({ type: 'stop', reason: 'refusal' });
  });

  it('throws a classified error for an error envelope sent with status 200', () => {
    const wire =
      '{"error":{"message":"This model\'s maximum context length is 8192 tokens","type":"invalid_request_error"}}';
    expect(() => fromOpenAIResponse(JSON.parse(wire), options)).toThrow(
      expect.objectContaining({ kind: 'context_length' }) as unknown as Error,
    );
  });

  it('rejects an answer without choices', () => {
    expect(() => fromOpenAIResponse({ id: 'x', choices: [] }, options)).toThrow(GatewayError);
  });
});
