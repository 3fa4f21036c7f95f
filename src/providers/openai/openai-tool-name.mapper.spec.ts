import type { ChatEvent, ChatRequest } from '#src/core/chat.types.js';
import { collectResponse } from '#src/core/collect.js';
import { parseSseStream } from '#src/core/sse.js';
import { toOpenAIRequest } from './openai-request.mapper.js';
import { fromOpenAIStream } from './openai-stream.mapper.js';
import { toolNameMapFor } from './openai-tool-name.mapper.js';
import type { OpenAIChatRequest } from './openai.wire.types.js';

const LONG = 'mcp__some_very_long_server_name__and_an_even_longer_tool_name_that_goes_on';

function request(): ChatRequest {
  return {
    messages: [{ role: 'user', content: [{ type: 'text', text: 'go' }] }],
    tools: [
      { name: LONG, parameters: {} },
      { name: 'short', parameters: {} },
    ],
    stream: true,
  };
}

async function* wire(text: string): AsyncGenerator<string> {
  yield text;
}

describe('tool names longer than 64 characters', () => {
  it('are shortened to 55 characters, "_" and 8 hex digits, and restored in the answer', async () => {
    const body = toOpenAIRequest(request(), 'gpt-4o', {});
    const toolNames = toolNameMapFor(request());
    const sent = (body as unknown as OpenAIChatRequest).tools?.map((t) => t.function.name) ?? [];
    expect(sent[0]).toMatch(new RegExp(`^${LONG.slice(0, 55)}_[0-9a-f]{8}$`));
    expect(sent[1]).toBe('short');

    const chunk = {
      choices: [
        {
          index: 0,
          delta: { tool_calls: [{ index: 0, id: 'c1', function: { name: sent[0], arguments: '{}' } }] },
          finish_reason: 'tool_calls',
        },
      ],
    };
    const events: AsyncIterable<ChatEvent> = fromOpenAIStream(
      parseSseStream(wire(`data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`)),
      { provider: 'openai', toolNames },
    );
    const response = await collectResponse(events);
    expect(response.content).toEqual([{ type: 'tool_call', id: 'c1', name: LONG, arguments: '{}' }]);
  });

  it('are shortened the same way every time, so replayed tool calls match the tool list', () => {
    const req = request();
    req.messages.push({ role: 'assistant', content: [{ type: 'tool_call', id: 'c1', name: LONG, arguments: '{}' }] });
    const body = toOpenAIRequest(req, 'gpt-4o', {}) as unknown as OpenAIChatRequest;
    const replayed = body.messages[1];
    expect(replayed.role === 'assistant' && replayed.tool_calls?.[0].function.name).toBe(body.tools?.[0].function.name);
  });
});
