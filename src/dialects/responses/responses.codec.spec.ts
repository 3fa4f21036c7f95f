import type { ChatResponse } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { ResponsesCodec } from './responses.codec.js';
import { buildBody, buildMeta, OFFERED_TOOLS } from './responses.spec-fixtures.js';

const codec = new ResponsesCodec({ now: () => 1_764_000_000_000, monotonic: () => 0 });
const decode = (body: unknown) => codec.decode(body, {}).request;

function rejected(body: unknown): GatewayError {
  try {
    decode(body);
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('the body was accepted');
}

/** Shaped like a Codex CLI turn. */
const codexBody = {
  model: 'gpt-5',
  instructions: 'You are Codex.',
  input: [
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Sandbox: workspace-write' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Run the tests' }] },
    { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'opaque' },
    { type: 'function_call', call_id: 'call_1', name: 'exec_command', arguments: '{"cmd":"npm test"}' },
    { type: 'function_call', call_id: 'call_2', name: 'spawn', namespace: 'multi_agent_v1', arguments: '{}' },
    { type: 'function_call_output', call_id: 'call_1', output: 'ok' },
    { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: 'spawned' }] },
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Approval granted' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Go on' }, { type: 'input_audio' }] },
  ],
  tools: [
    { type: 'function', name: 'exec_command', parameters: { type: 'object' }, strict: false },
    {
      type: 'namespace',
      name: 'multi_agent_v1',
      description: 'Sub-agents',
      tools: [{ type: 'function', name: 'spawn', description: 'Start one', parameters: { type: 'object' } }],
    },
    { type: 'web_search' },
  ],
  tool_choice: 'auto',
  parallel_tool_calls: false,
  reasoning: { effort: 'high', summary: 'auto' },
  store: false,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: 'thread-1',
  client_metadata: { originator: 'codex_exec' },
  stream: true,
};

describe('decoding a Responses API body', () => {
  const req = decode(codexBody);

  it('keeps the body beside the request, for a relay to an upstream that speaks it', () => {
    expect(codec.decode(codexBody, {}).inbound).toEqual({ shape: 'responses', body: codexBody, forwardHeaders: {} });
  });

  it('opens with instructions and the first developer message; later ones keep their place', () => {
    expect(req.system).toEqual([
      { type: 'text', text: 'You are Codex.' },
      { type: 'text', text: 'Sandbox: workspace-write' },
    ]);
    expect(req.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'system', 'user']);
    expect(req.messages[3].content).toEqual([{ type: 'text', text: 'Approval granted' }]);
  });

  it('flattens namespaced tools and calls to one name, results paired by call_id', () => {
    expect(req.tools?.map((t) => t.name)).toEqual(['exec_command', 'multi_agent_v1__spawn']);
    expect(req.messages[1].content).toEqual([
      { type: 'tool_call', id: 'call_1', name: 'exec_command', arguments: '{"cmd":"npm test"}' },
      { type: 'tool_call', id: 'call_2', name: 'multi_agent_v1__spawn', arguments: '{}' },
    ]);
    expect(req.messages[2].content).toEqual([
      { type: 'tool_result', toolCallId: 'call_1', content: 'ok' },
      { type: 'tool_result', toolCallId: 'call_2', content: [{ type: 'text', text: 'spawned' }] },
    ]);
  });

  it('reads a forced namespaced tool under its flat name', () => {
    const forced = decode({
      ...codexBody,
      tool_choice: { type: 'function', name: 'spawn', namespace: 'multi_agent_v1' },
    });
    expect(forced.toolChoice).toEqual({ type: 'tool', name: 'multi_agent_v1__spawn' });
  });

  it('names what it left out instead of refusing it', () => {
    expect(req.warnings).toEqual([
      "input[2]: item type 'reasoning' dropped",
      "input[8].content[1]: part type 'input_audio' dropped",
      'tools[2]: web_search tool left out',
    ]);
  });

  it('reads the options Codex sends', () => {
    expect(req).toMatchObject({
      model: 'gpt-5',
      toolChoice: { type: 'auto' },
      parallelToolCalls: false,
      reasoning: { effort: 'high' },
      stream: true,
      streamUsage: true,
    });
  });

  it('reads files given inline or by URL, or as a file uploaded to OpenAI by its id', () => {
    const files = decode({
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_file', file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' },
            { type: 'input_file', file_url: 'https://example.com/b.pdf' },
            { type: 'input_file', file_id: 'file-123' },
            { type: 'input_file' },
          ],
        },
      ],
    });
    expect(files.messages[0].content).toEqual([
      { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' }, title: 'a.pdf' },
      { type: 'document', source: { kind: 'url', url: 'https://example.com/b.pdf' } },
      {
        type: 'document',
        source: { kind: 'file', vendor: 'openai', fileId: 'file-123', field: 'input[0].content[2].file_id' },
      },
    ]);
    expect(files.warnings).toEqual(['input[0].content[3]: a file without file_data, file_url or file_id dropped']);
  });

  it('reads an image stored with OpenAI by its id, keeping its detail, and drops one naming neither URL nor id', () => {
    const images = decode({
      input: [
        { role: 'user', content: [{ type: 'input_image', file_id: 'file-9', detail: 'low' }, { type: 'input_image' }] },
      ],
    });
    expect(images.messages[0].content).toEqual([
      {
        type: 'image',
        source: { kind: 'file', vendor: 'openai', fileId: 'file-9', field: 'input[0].content[0].file_id' },
        detail: 'low',
      },
    ]);
    expect(images.warnings).toEqual(['input[0].content[1]: an image without image_url or file_id dropped']);
  });

  it('reads a full-resolution image in a tool output (Codex view_image) as high detail', () => {
    const turn = decode({
      input: [
        { type: 'function_call', call_id: 'call_1', name: 'view_image', arguments: '{"path":"a.png"}' },
        {
          type: 'function_call_output',
          call_id: 'call_1',
          output: [{ type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'original' }],
        },
      ],
      reasoning: { effort: 'max' },
    });
    expect(turn.messages[1].content).toEqual([
      {
        type: 'tool_result',
        toolCallId: 'call_1',
        content: [
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'high' },
        ],
      },
    ]);
    expect(turn.reasoning).toEqual({ effort: 'high' });
    expect(turn.warnings).toBeUndefined();
  });

  it('lets a previous_response_id through only to a relay, with OpenAI’s own refusal for anywhere else', () => {
    const { relayOnly } = decode({ input: 'hi', previous_response_id: 'resp_1' });
    expect(relayOnly).toEqual({
      param: 'previous_response_id',
      message: "Previous response with id 'resp_1' not found.",
    });
    const refusal = GatewayError.invalid(relayOnly?.param ?? '', relayOnly?.message ?? '');
    expect(codec.encodeError(refusal, 'req_1')).toEqual({
      status: 400,
      headers: { 'x-request-id': 'req_1' },
      body: {
        error: {
          message: "Previous response with id 'resp_1' not found.",
          type: 'invalid_request_error',
          param: 'previous_response_id',
          code: 'previous_response_not_found',
        },
      },
    });
  });

  it.each([
    ['an empty input', { input: [] }, 'input'],
    ['a message of an unknown role', { input: [{ role: 'tool', content: 'x' }] }, 'input[0].role'],
    ['a function call without call_id', { input: [{ type: 'function_call', name: 'f' }] }, 'input[0].call_id'],
    ['a user-chosen base_url', { input: 'hi', base_url: 'http://169.254.169.254' }, 'base_url'],
  ])('refuses %s, naming the field', (_what, body, param) => {
    expect(rejected(body).param).toBe(param);
  });
});

describe('encoding a Responses API answer', () => {
  const { request, inbound } = codec.decode(
    buildBody({ tools: OFFERED_TOOLS, instructions: 'Be brief.', temperature: 0.2 }),
    {},
  );

  it('turns each part into an output item, restoring namespaces and custom tools', () => {
    const body = codec.encodeResponse(
      {
        id: 'msg_up',
        content: [
          { type: 'thinking', text: 'Look it up.' },
          { type: 'text', text: 'Checking.' },
          { type: 'tool_call', id: 'call_a', name: 'crm__find', arguments: '{"q":"x"}' },
          { type: 'tool_call', id: 'call_b', name: 'apply_patch', arguments: '{"input":"diff"}' },
        ],
        stopReason: 'tool_use',
        usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 4 },
      },
      request,
      buildMeta(),
      inbound,
    );
    expect(body).toMatchObject({
      object: 'response',
      created_at: 1_764_000_000,
      status: 'completed',
      error: null,
      incomplete_details: null,
      model: 'smart',
      instructions: 'Be brief.',
      temperature: 0.2,
      output: [
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Look it up.' }] },
        {
          type: 'message',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: 'Checking.' }],
        },
        {
          type: 'function_call',
          status: 'completed',
          call_id: 'call_a',
          name: 'find',
          namespace: 'crm',
          arguments: '{"q":"x"}',
        },
        { type: 'custom_tool_call', status: 'completed', call_id: 'call_b', name: 'apply_patch', input: 'diff' },
      ],
      usage: {
        input_tokens: 10,
        input_tokens_details: { cached_tokens: 4 },
        output_tokens: 5,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 15,
      },
    });
    expect((body as { id: string }).id).toMatch(/^resp_/);
  });

  /** A whole answer the token ceiling cut, holding these parts. */
  const cutAnswer = (content: ChatResponse['content']) =>
    codec.encodeResponse(
      { content, stopReason: 'max_tokens', usage: { inputTokens: 1, outputTokens: 1 } },
      request,
      buildMeta(),
      inbound,
    );

  it('marks a tool call cut off by the token ceiling incomplete', () => {
    const body = cutAnswer([{ type: 'tool_call', id: 'call_a', name: 'crm__find', arguments: '{"q":' }]);
    expect(body).toMatchObject({
      status: 'incomplete',
      output: [{ type: 'function_call', status: 'incomplete', arguments: '{"q":' }],
    });
  });

  it('at the token ceiling marks only the last part incomplete: earlier text and tool calls are whole', () => {
    const body = cutAnswer([
      { type: 'text', text: 'Checking.' },
      { type: 'tool_call', id: 'call_a', name: 'crm__find', arguments: '{"q":"a"}' },
      { type: 'tool_call', id: 'call_b', name: 'crm__find', arguments: '{"q":' },
    ]);
    expect(body).toMatchObject({
      status: 'incomplete',
      output: [
        { type: 'message', status: 'completed' },
        { type: 'function_call', call_id: 'call_a', status: 'completed' },
        { type: 'function_call', call_id: 'call_b', status: 'incomplete' },
      ],
    });
  });

  it('reports a refused answer as incomplete, for content_filter', () => {
    const body = codec.encodeResponse(
      { content: [{ type: 'text', text: 'No.' }], stopReason: 'refusal', usage: { inputTokens: 1, outputTokens: 1 } },
      request,
      buildMeta(),
      inbound,
    );
    expect(body).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'content_filter' } });
  });
});
