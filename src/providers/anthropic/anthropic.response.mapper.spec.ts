import { collectResponse } from '#src/core/collect.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { fromAnthropicMessage, fromAnthropicUsage } from './anthropic.response.mapper.js';

async function* from(json: string) {
  yield* fromAnthropicMessage(JSON.parse(json));
}

const MESSAGE = `{"id":"msg_01XF","type":"message","role":"assistant","model":"claude-sonnet-4-5",
 "content":[{"type":"thinking","thinking":"Oslo first.","signature":"EqQB"},
            {"type":"text","text":"Checking."},
            {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"oslo"}},
            {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Oslo"}}],
 "stop_reason":"tool_use","stop_sequence":null,
 "usage":{"input_tokens":12,"output_tokens":40,"cache_creation_input_tokens":100,"cache_read_input_tokens":900}}`;

describe('fromAnthropicMessage', () => {
  it('yields the same answer a stream of it would collect to', async () => {
    expect(await collectResponse(from(MESSAGE))).toEqual({
      id: 'msg_01XF',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'thinking', text: 'Oslo first.', signature: 'EqQB' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool_call', id: 'toolu_01', name: 'get_weather', arguments: '{"city":"Oslo"}' },
      ],
      stopReason: 'tool_use',
      stopSequence: undefined,
      usage: { inputTokens: 1012, outputTokens: 40, cacheReadTokens: 900, cacheWriteTokens: 100 },
    });
  });

  it('starts with start and ends with stop', () => {
    const events = fromAnthropicMessage(JSON.parse(MESSAGE));
    expect(events[0].type).toBe('start');
    expect(events.at(-1)).toEqual({ type: 'stop', reason: 'tool_use' });
  });

  it('rejects a body that is not a message', () => {
    expect(() => fromAnthropicMessage({ hello: 'world' })).toThrow(GatewayError);
  });
});

describe('fromAnthropicUsage', () => {
  it('reads negative or non-numeric counts as not reported', () => {
    const malformed = {
      input_tokens: 10,
      output_tokens: -4,
      cache_read_input_tokens: -2,
      cache_creation_input_tokens: true,
    } as unknown as Parameters<typeof fromAnthropicUsage>[0];
    expect(fromAnthropicUsage(malformed)).toEqual({ inputTokens: 10, outputTokens: 0 });
  });
});
