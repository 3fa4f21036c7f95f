import { GatewayError } from '#src/core/gateway-error.js';
import { OpenAICodec } from './openai.codec.js';

const decode = (body: unknown) => new OpenAICodec().decode(body, {}).request;

function rejectedParam(body: unknown): string | undefined {
  try {
    decode(body);
  } catch (err) {
    if (err instanceof GatewayError && err.status === 400) return err.param;
    throw err;
  }
  throw new Error('the body was accepted');
}

/** Shaped like what Cursor's agent mode posts to /chat/completions. */
const cursorAgentBody = {
  model: 'gpt-5',
  instructions: 'You are a coding agent.',
  input: [
    { role: 'developer', content: [{ type: 'input_text', text: 'Workspace: /repo' }] },
    { role: 'user', content: [{ type: 'input_text', text: 'List the files' }] },
    { type: 'reasoning', id: 'rs_1', summary: [] },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Listing.' }] },
    { type: 'function_call', call_id: 'call_a', name: 'list_dir', arguments: '{"path":"."}' },
    { type: 'custom_tool_call', call_id: 'call_b', name: 'apply_patch', input: '*** Begin Patch' },
    { type: 'function_call_output', call_id: 'call_a', output: 'src\npackage.json' },
    { type: 'custom_tool_call_output', call_id: 'call_b', output: 'Done' },
    { role: 'user', content: 'Now read package.json' },
  ],
  tools: [
    { type: 'function', name: 'list_dir', description: 'List a folder', parameters: { type: 'object' }, strict: false },
    { type: 'custom', name: 'apply_patch', description: 'Apply a patch', format: { type: 'grammar' } },
    { type: 'web_search' },
  ],
  tool_choice: 'auto',
  reasoning: { effort: 'medium', summary: 'auto' },
  text: { verbosity: 'medium' },
  include: ['reasoning.encrypted_content'],
  store: false,
  stream: true,
  max_output_tokens: 4096,
};

describe('decoding a Responses-API body sent to chat completions', () => {
  const req = decode(cursorAgentBody);

  it('is recognised by input without messages, and marked so no upstream gets it verbatim', () => {
    const { inbound } = new OpenAICodec().decode(cursorAgentBody, {});
    expect(inbound.shape).toBe('openai-responses');
    expect(inbound.body).toBe(cursorAgentBody);
  });

  it('puts instructions first, then developer text, into system', () => {
    expect(req.system).toEqual([
      { type: 'text', text: 'You are a coding agent.' },
      { type: 'text', text: 'Workspace: /repo' },
    ]);
  });

  it('joins function and custom tool calls to the assistant turn before them', () => {
    expect(req.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'text', text: 'Listing.' },
        { type: 'tool_call', id: 'call_a', name: 'list_dir', arguments: '{"path":"."}' },
        { type: 'tool_call', id: 'call_b', name: 'apply_patch', arguments: '{"input":"*** Begin Patch"}' },
      ],
    });
  });

  it('merges the call outputs into one user message of results, before the next user turn', () => {
    expect(req.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'user']);
    expect(req.messages[2].content).toEqual([
      { type: 'tool_result', toolCallId: 'call_a', content: 'src\npackage.json' },
      { type: 'tool_result', toolCallId: 'call_b', content: 'Done' },
    ]);
    expect(req.messages[3].content).toEqual([{ type: 'text', text: 'Now read package.json' }]);
  });

  it('drops the reasoning item and the built-in tool, naming them in the warnings', () => {
    expect(req.warnings).toEqual(["input[2]: item type 'reasoning' dropped", 'tools[2]: web_search tool left out']);
  });

  it('offers custom tools as functions of one string and drops built-in tools', () => {
    expect(req.tools?.map((t) => t.name)).toEqual(['list_dir', 'apply_patch']);
    expect(req.tools?.[0]).toEqual({
      name: 'list_dir',
      description: 'List a folder',
      parameters: { type: 'object' },
      strict: false,
    });
    expect(req.tools?.[1].parameters).toMatchObject({ properties: { input: { type: 'string' } }, required: ['input'] });
  });

  it('reads tool_choice, reasoning effort, max_output_tokens and stream', () => {
    expect(req).toMatchObject({
      toolChoice: { type: 'auto' },
      reasoning: { effort: 'medium' },
      maxTokens: 4096,
      stream: true,
    });
  });

  it('accepts a plain string input as one user message', () => {
    const simple = decode({ model: 'gpt-5', input: 'Testing. Just say hi and nothing else.' });
    expect(simple.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Testing. Just say hi and nothing else.' }] },
    ]);
    expect(simple.stream).toBe(false);
  });

  it('decodes input images and a json_schema text format', () => {
    const withImage = decode({
      input: [
        { role: 'user', content: [{ type: 'input_image', image_url: 'https://example.com/a.png', detail: 'high' }] },
      ],
      text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' } } },
    });
    expect(withImage.messages[0].content).toEqual([
      { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' }, detail: 'high' },
    ]);
    expect(withImage.responseFormat).toEqual({ type: 'json_schema', name: 'out', schema: { type: 'object' } });
  });

  it.each([
    ['an empty input list', { input: [] }, 'input'],
    [
      'a function call without call_id',
      { input: [{ type: 'function_call', name: 'f', arguments: '{}' }] },
      'input[0].call_id',
    ],
    [
      'an image given as a path',
      { input: [{ role: 'user', content: [{ type: 'input_image', image_url: '/tmp/a.png' }] }] },
      'input[0].content[0].image_url',
    ],
    ['a user-chosen base_url', { input: 'hi', base_url: 'http://169.254.169.254' }, 'base_url'],
  ])('refuses %s, naming the field', (_what, body, param) => {
    expect(rejectedParam(body)).toBe(param);
  });
});
