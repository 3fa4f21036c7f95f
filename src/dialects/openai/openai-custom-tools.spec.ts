import type { ChatEvent, ChatResponse } from '#src/core/chat.types.js';
import type { ResponseMeta } from '#src/dialects/dialect.types.js';
import { CUSTOM_TOOL_PARAMETERS } from './custom-tool.mapper.js';
import { OpenAICodec } from './openai.codec.js';

const codec = new OpenAICodec({ now: () => 1_730_000_000_999, monotonic: () => 0 });
const user = (content: string) => ({ role: 'user', content });
const meta: ResponseMeta = {
  model: 'm',
  provider: 'p',
  requestId: 'req_1',
  route: { reason: 'default' },
  attempts: [],
};

/** A Chat Completions body offering `apply_patch` as a custom (free-form) tool beside a function. */
const offering = {
  messages: [user('Fix the bug')],
  tools: [
    { type: 'function', function: { name: 'read_file', parameters: { type: 'object' } } },
    {
      type: 'custom',
      custom: { name: 'apply_patch', description: 'Apply a diff', format: { type: 'grammar', grammar: {} } },
    },
  ],
};

function callsOf(body: unknown): unknown {
  return (body as { choices: { message: { tool_calls?: unknown } }[] }).choices[0].message.tool_calls;
}

describe('custom tools in a Chat Completions body', () => {
  it('offers a custom tool as a function of one string, noting the grammar it cannot carry', () => {
    const req = codec.decode(offering, {}).request;
    expect(req.tools).toEqual([
      { name: 'read_file', parameters: { type: 'object' } },
      { name: 'apply_patch', description: 'Apply a diff', parameters: CUSTOM_TOOL_PARAMETERS },
    ]);
    expect(req.warnings).toEqual(['tools[1].custom.format: grammar format dropped']);
  });

  it('reads a named custom tool choice, and an allowed_tools choice by its mode', () => {
    const choice = (tool_choice: unknown) => codec.decode({ ...offering, tool_choice }, {}).request;
    expect(choice({ type: 'custom', custom: { name: 'apply_patch' } }).toolChoice).toEqual({
      type: 'tool',
      name: 'apply_patch',
    });
    const allowed = (mode: string) => ({
      type: 'allowed_tools',
      allowed_tools: { mode, tools: [{ type: 'function', function: { name: 'read_file' } }] },
    });
    expect(choice(allowed('auto')).toolChoice).toEqual({ type: 'auto' });
    const required = choice(allowed('required'));
    expect(required.toolChoice).toEqual({ type: 'any' });
    expect(required.warnings).toContain(
      'tool_choice.allowed_tools: the allowed subset dropped, every offered tool stays callable',
    );
  });

  it('reads an earlier custom tool call as a call with the input as its one argument', () => {
    const req = codec.decode(
      {
        ...offering,
        messages: [
          user('Fix the bug'),
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_1', type: 'custom', custom: { name: 'apply_patch', input: '*** Begin Patch' } }],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'Done' },
        ],
      },
      {},
    ).request;
    expect(req.messages[1].content).toEqual([
      { type: 'tool_call', id: 'call_1', name: 'apply_patch', arguments: '{"input":"*** Begin Patch"}' },
    ]);
  });

  it('answers a call of a custom tool in the custom shape, with the raw input, and a function call as before', () => {
    const { request, inbound } = codec.decode(offering, {});
    const answer: ChatResponse = {
      id: 'chatcmpl-1',
      content: [
        { type: 'tool_call', id: 'call_1', name: 'read_file', arguments: '{"path":"a.ts"}' },
        { type: 'tool_call', id: 'call_2', name: 'apply_patch', arguments: '{"input":"*** Begin Patch\\n"}' },
      ],
      stopReason: 'tool_use',
      usage: { inputTokens: 1, outputTokens: 1 },
    };
    expect(callsOf(codec.encodeResponse(answer, request, meta, inbound))).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } },
      { id: 'call_2', type: 'custom', custom: { name: 'apply_patch', input: '*** Begin Patch\n' } },
    ]);
  });

  it("answers Cursor's Responses-shaped body with function calls, as it expects on this endpoint", () => {
    const { request, inbound } = codec.decode(
      { input: 'Fix the bug', tools: [{ type: 'custom', name: 'apply_patch' }] },
      {},
    );
    const answer: ChatResponse = {
      id: 'chatcmpl-1',
      content: [{ type: 'tool_call', id: 'call_2', name: 'apply_patch', arguments: '{"input":"x"}' }],
      stopReason: 'tool_use',
      usage: { inputTokens: 1, outputTokens: 1 },
    };
    expect(callsOf(codec.encodeResponse(answer, request, meta, inbound))).toEqual([
      { id: 'call_2', type: 'function', function: { name: 'apply_patch', arguments: '{"input":"x"}' } },
    ]);
  });

  it('streams a custom tool call in the custom shape, its raw input whole before the finish', () => {
    const { request, inbound } = codec.decode({ ...offering, stream: true }, {});
    const encoder = codec.streamEncoder(request, meta, inbound);
    const events: ChatEvent[] = [
      { type: 'start', id: 'chatcmpl-1' },
      { type: 'tool_call_start', index: 0, id: 'call_1', name: 'read_file' },
      { type: 'tool_call_delta', index: 0, argumentsDelta: '{"path":"a.ts"}' },
      { type: 'tool_call_start', index: 1, id: 'call_2', name: 'apply_patch' },
      { type: 'tool_call_delta', index: 1, argumentsDelta: '{"input":"*** Begin' },
      { type: 'tool_call_delta', index: 1, argumentsDelta: ' Patch\\n"}' },
      { type: 'stop', reason: 'tool_use' },
    ];
    const sse = events.map((e) => encoder.event(e)).join('') + encoder.end();
    const choices = sse
      .split('\n\n')
      .filter((frame) => frame.startsWith('data: {'))
      .map(
        (frame) => (JSON.parse(frame.slice(6)) as { choices: { delta: object; finish_reason: unknown }[] }).choices[0],
      );
    expect(choices.flatMap((c) => ('tool_calls' in c.delta ? [c.delta.tool_calls] : []))).toEqual([
      [{ index: 0, id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '' } }],
      [{ index: 0, function: { arguments: '{"path":"a.ts"}' } }],
      [{ index: 1, id: 'call_2', type: 'custom', custom: { name: 'apply_patch', input: '' } }],
      [{ index: 1, custom: { input: '*** Begin Patch\n' } }],
    ]);
    expect(choices.at(-1)?.finish_reason).toBe('tool_calls');
  });
});
