import { GatewayError } from '#src/core/gateway-error.js';
import { OpenAICodec } from './openai.codec.js';

const codec = new OpenAICodec();
const decode = (body: unknown) => codec.decode(body, {}).request;
const user = (content: unknown) => ({ role: 'user', content });

/** The `param` of the 400 a body is refused with. */
function rejectedParam(body: unknown): string | undefined {
  try {
    decode(body);
  } catch (err) {
    if (err instanceof GatewayError && err.kind === 'invalid_request' && err.status === 400) return err.param ?? '';
    throw err;
  }
  throw new Error('the body was accepted');
}

describe('decoding a Chat Completions body', () => {
  it('reads model, sampling options and the conversation', () => {
    const req = decode({
      model: 'gpt-4o',
      messages: [user('Hi')],
      temperature: 0.5,
      top_p: 0.9,
      seed: 7,
      user: 'u-1',
      stop: 'END',
      max_tokens: 100,
      stream: true,
    });
    expect(req).toMatchObject({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      temperature: 0.5,
      topP: 0.9,
      seed: 7,
      user: 'u-1',
      stop: ['END'],
      maxTokens: 100,
      stream: true,
    });
  });

  it('prefers max_completion_tokens over max_tokens', () => {
    expect(decode({ messages: [user('x')], max_tokens: 10, max_completion_tokens: 20 }).maxTokens).toBe(20);
  });

  it('leaves model absent when the client sends none, so the gateway routes', () => {
    expect(decode({ messages: [user('x')] }).model).toBeUndefined();
  });

  it('keeps the untouched body, unknown fields included, for same-format upstreams', () => {
    const body = { model: 'm', messages: [user('x')], logit_bias: { 50256: -100 }, frequency_penalty: 0.2 };
    expect(codec.decode(body, {}).inbound).toEqual({ shape: 'openai', body, forwardHeaders: {} });
  });

  it('keeps leading system and developer messages as system text, and later ones in place', () => {
    const req = decode({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: 'Use metric units.' },
        user('Hi'),
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
        user('How far is Paris?'),
      ],
    });
    expect(req.system).toEqual([
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'Use metric units.' },
    ]);
    expect(req.messages.map((m) => m.role)).toEqual(['user', 'system', 'user']);
    expect(req.messages[1].content).toEqual([{ type: 'text', text: 'Answer in French.' }]);
  });

  it('decodes data-URI images as base64 and https images as URLs, keeping detail', () => {
    const req = decode({
      messages: [
        user([
          { type: 'text', text: 'Compare' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
        ]),
      ],
    });
    expect(req.messages[0].content).toEqual([
      { type: 'text', text: 'Compare' },
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'low' },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
  });

  it('decodes a file part with PDF data as a document', () => {
    const req = decode({
      messages: [
        user([{ type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } }]),
      ],
    });
    expect(req.messages[0].content).toEqual([
      { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' }, title: 'a.pdf' },
    ]);
  });

  it('decodes a file part naming an uploaded file as a document stored with OpenAI', () => {
    const req = decode({
      messages: [
        user([
          { type: 'text', text: 'Sum it up' },
          { type: 'file', file: { file_id: 'file-6F2ksmvXxt4VdoqmHRw6kL' } },
        ]),
      ],
    });
    expect(req.messages[0].content[1]).toEqual({
      type: 'document',
      source: {
        kind: 'file',
        vendor: 'openai',
        fileId: 'file-6F2ksmvXxt4VdoqmHRw6kL',
        field: 'messages[0].content[1].file.file_id',
      },
    });
  });

  it('refuses a file part whose file_id is not a string, naming it', () => {
    expect(rejectedParam({ messages: [user([{ type: 'file', file: { file_id: 42 } }])] })).toBe(
      'messages[0].content[0].file.file_id',
    );
  });

  it('decodes an assistant turn as its text, then its tool calls with arguments verbatim', () => {
    const args = '{"city": "Oslo"}';
    const req = decode({
      messages: [
        user('Weather?'),
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: args } }],
        },
      ],
    });
    expect(req.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: args },
      ],
    });
  });

  it('merges consecutive tool messages into one user message of results, in order', () => {
    const req = decode({
      messages: [
        user('Weather in Oslo and Rome?'),
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'w', arguments: '{"city":"Oslo"}' } },
            { id: 'call_2', type: 'function', function: { name: 'w', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '5°C' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '20°C' }] },
        user('Thanks'),
      ],
    });
    expect(req.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'user']);
    expect(req.messages[2].content).toEqual([
      { type: 'tool_result', toolCallId: 'call_1', content: '5°C' },
      { type: 'tool_result', toolCallId: 'call_2', content: [{ type: 'text', text: '20°C' }] },
    ]);
  });

  it('decodes tools, tool_choice and parallel_tool_calls', () => {
    const req = decode({
      messages: [user('x')],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather' } }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
    });
    expect(req.tools).toEqual([
      { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: {} } },
    ]);
    expect(req.toolChoice).toEqual({ type: 'tool', name: 'get_weather' });
    expect(req.parallelToolCalls).toBe(false);
    expect(decode({ messages: [user('x')], tool_choice: 'required' }).toolChoice).toEqual({ type: 'any' });
  });

  it('decodes response_format and reasoning_effort', () => {
    const req = decode({
      messages: [user('x')],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', schema: { type: 'object' }, strict: true },
      },
      reasoning_effort: 'low',
    });
    expect(req.responseFormat).toEqual({
      type: 'json_schema',
      name: 'answer',
      schema: { type: 'object' },
      strict: true,
    });
    expect(req.reasoning).toEqual({ effort: 'low' });
  });
});

describe('what a newer client sends', () => {
  it('leaves out roles and part types the gateway cannot carry, saying so', () => {
    const req = decode({
      messages: [
        user([
          { type: 'text', text: 'a' },
          { type: 'video', video: {} },
        ]),
        { role: 'robot', content: 'beep' },
        user([
          { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } },
          { type: 'text', text: 'b' },
        ]),
      ],
    });
    expect(req.messages.map((m) => m.content)).toEqual([[{ type: 'text', text: 'a' }], [{ type: 'text', text: 'b' }]]);
    expect(req.warnings).toEqual([
      "messages[0].content[1]: part type 'video' dropped",
      "messages[1]: message with role 'robot' dropped",
      "messages[2].content[0]: part type 'input_audio' dropped",
    ]);
  });

  it('reads the max reasoning effort as the highest there is', () => {
    expect(decode({ messages: [user('x')], reasoning_effort: 'max' }).reasoning).toEqual({ effort: 'high' });
    expect(decode({ messages: [user('x')], reasoning_effort: 'xhigh' }).reasoning).toEqual({ effort: 'high' });
  });

  it('leaves out an effort or an image detail it does not know, saying so', () => {
    const req = decode({
      messages: [user([{ type: 'image_url', image_url: { url: 'https://x/y.png', detail: 'ultra' } }])],
      reasoning_effort: 'extreme',
    });
    expect(req.messages[0].content).toEqual([{ type: 'image', source: { kind: 'url', url: 'https://x/y.png' } }]);
    expect(req.reasoning).toBeUndefined();
    expect(req.warnings).toEqual([
      "messages[0].content[0].image_url.detail: image detail 'ultra' dropped",
      "reasoning_effort: reasoning effort 'extreme' dropped",
    ]);
  });
});

describe('refusing a malformed Chat Completions body', () => {
  it.each([
    ['a body that is not an object', [], ''],
    ['missing messages', { model: 'm' }, 'messages'],
    ['empty messages', { messages: [] }, 'messages'],
    ['a message that is not an object', { messages: ['hi'] }, 'messages[0]'],
    ['a role that is not a string', { messages: [user('a'), { role: 7, content: 'x' }] }, 'messages[1].role'],
    ['user content of the wrong type', { messages: [user(42)] }, 'messages[0].content'],
    ['a part without text', { messages: [user([{ type: 'text' }])] }, 'messages[0].content[0].text'],
    [
      'an image URL that is neither http(s) nor a data URI',
      {
        messages: [
          user([
            { type: 'text', text: 'a' },
            { type: 'image_url', image_url: { url: 'file:///etc/passwd' } },
          ]),
        ],
      },
      'messages[0].content[1].image_url.url',
    ],
    [
      'an image detail that is not a string',
      { messages: [user([{ type: 'image_url', image_url: { url: 'https://x/y.png', detail: 2 } }])] },
      'messages[0].content[0].image_url.detail',
    ],
    ['a tool message without tool_call_id', { messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].tool_call_id'],
    [
      'a tool call without a function name',
      { messages: [{ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { arguments: '{}' } }] }] },
      'messages[0].tool_calls[0].function.name',
    ],
    ['tools that are not an array', { messages: [user('x')], tools: {} }, 'tools'],
    [
      'a tool name with spaces',
      { messages: [user('x')], tools: [{ type: 'function', function: { name: 'get weather' } }] },
      'tools[0].function.name',
    ],
    ['a non-function tool', { messages: [user('x')], tools: [{ type: 'web_search' }] }, 'tools[0].type'],
    ['an unknown tool_choice', { messages: [user('x')], tool_choice: 'always' }, 'tool_choice'],
    ['a temperature out of range', { messages: [user('x')], temperature: 3 }, 'temperature'],
    ['a temperature given as text', { messages: [user('x')], temperature: '0.5' }, 'temperature'],
    ['a fractional max_tokens', { messages: [user('x')], max_tokens: 1.5 }, 'max_tokens'],
    ['a zero max_completion_tokens', { messages: [user('x')], max_completion_tokens: 0 }, 'max_completion_tokens'],
    ['a stop list with a number', { messages: [user('x')], stop: ['a', 1] }, 'stop[1]'],
    ['a non-boolean stream', { messages: [user('x')], stream: 'yes' }, 'stream'],
    ['a reasoning_effort that is not a string', { messages: [user('x')], reasoning_effort: 3 }, 'reasoning_effort'],
    [
      'a json_schema format without a name',
      { messages: [user('x')], response_format: { type: 'json_schema', json_schema: {} } },
      'response_format.json_schema.name',
    ],
    ['a non-string model', { model: 4, messages: [user('x')] }, 'model'],
  ])('refuses %s, naming the field', (_what, body, param) => {
    expect(rejectedParam(body)).toBe(param);
  });

  it('refuses n > 1 with the reason', () => {
    expect(() => decode({ messages: [user('x')], n: 2 })).toThrow('only n=1 is supported');
    expect(rejectedParam({ messages: [user('x')], n: 2 })).toBe('n');
  });

  it.each(['api_base', 'base_url', 'api_key', 'headers', 'extra_headers'])(
    'refuses a client-chosen upstream via %s',
    (field) => {
      expect(rejectedParam({ messages: [user('x')], [field]: 'https://evil.example' })).toBe(field);
    },
  );
});
