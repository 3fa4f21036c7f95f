import { GatewayError } from '#src/core/gateway-error.js';
import { ollamaChatCodec, ollamaGenerateCodec } from './ollama.codec.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==';
const JPEG = '/9j/4AAQSkZJRgABAQ';

const chat = (body: Record<string, unknown>) =>
  ollamaChatCodec.decode({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }], ...body }, {}).request;

function refusal(decode: () => unknown): GatewayError {
  try {
    decode();
  } catch (err) {
    if (err instanceof GatewayError) return err;
  }
  throw new Error('expected a GatewayError');
}

describe('decoding /api/chat', () => {
  it('streams unless the body says stream: false, as Ollama does', () => {
    expect(chat({}).stream).toBe(true);
    expect(chat({ stream: false }).stream).toBe(false);
  });

  it('puts system messages in the system text and keeps the turns in order', () => {
    const request = chat({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello', thinking: 'greet back' },
      ],
    });
    expect(request.system).toEqual([{ type: 'text', text: 'Be brief.' }]);
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', text: 'greet back' },
          { type: 'text', text: 'hello' },
        ],
      },
    ]);
  });

  it('keeps a system message after the first turn in its place', () => {
    const request = chat({
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'system', content: 'Now answer in French.' },
        { role: 'user', content: 'again' },
      ],
    });
    expect(request.system).toBeUndefined();
    expect(request.messages.map((m) => m.role)).toEqual(['user', 'system', 'user']);
    expect(request.messages[1].content).toEqual([{ type: 'text', text: 'Now answer in French.' }]);
  });

  it('leaves out what it cannot carry and says so, instead of refusing the request', () => {
    const request = chat({
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'critic', content: 'meh' },
      ],
      options: { temperature: 0.1, num_ctx: 8192, repeat_penalty: 1.1 },
    });
    expect(request.messages).toHaveLength(1);
    expect(request.warnings).toEqual([
      "messages[1]: message with role 'critic' dropped",
      'options.num_ctx: not passed on',
      'options.repeat_penalty: not passed on',
    ]);
    expect(chat({}).warnings).toBeUndefined();
  });

  it('reads raw base64 images with their media type from the bytes', () => {
    const request = chat({ messages: [{ role: 'user', content: 'what?', images: [PNG, JPEG] }] });
    expect(request.messages[0].content).toEqual([
      { type: 'text', text: 'what?' },
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: PNG } },
      { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: JPEG } },
    ]);
  });

  it('turns object tool-call arguments into JSON text and matches results to calls by tool name', () => {
    const request = chat({
      messages: [
        { role: 'user', content: 'weather and time?' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [
            { function: { name: 'get_weather', arguments: { city: 'Oslo' } } },
            { id: 'call_t', function: { name: 'get_time', arguments: {} } },
          ],
        },
        { role: 'tool', content: '13:00', tool_name: 'get_time' },
        { role: 'tool', content: '18 degrees', tool_name: 'get_weather' },
      ],
    });
    const [, assistant, results] = request.messages;
    expect(assistant.content).toEqual([
      { type: 'tool_call', id: 'call_1_0', name: 'get_weather', arguments: '{"city":"Oslo"}' },
      { type: 'tool_call', id: 'call_t', name: 'get_time', arguments: '{}' },
    ]);
    expect(results).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', toolCallId: 'call_t', content: '13:00' },
        { type: 'tool_result', toolCallId: 'call_1_0', content: '18 degrees' },
      ],
    });
  });

  it('answers the oldest waiting call when a result names a tool that was not called', () => {
    const request = chat({
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: '', tool_calls: [{ id: 'call_w', function: { name: 'get_weather' } }] },
        { role: 'tool', content: '18 degrees', tool_name: 'weather' },
      ],
    });
    expect(request.messages[2]).toEqual({
      role: 'user',
      content: [{ type: 'tool_result', toolCallId: 'call_w', content: '18 degrees' }],
    });
  });

  it('sends a result with no call waiting for it as user text, not as a result of no call', () => {
    const request = chat({
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: '', tool_calls: [{ id: 'call_w', function: { name: 'get_weather' } }] },
        { role: 'tool', content: '18 degrees', tool_name: 'get_weather' },
        { role: 'tool', content: '19 degrees', tool_name: 'get_weather' },
      ],
    });
    expect(request.messages.slice(2)).toEqual([
      { role: 'user', content: [{ type: 'tool_result', toolCallId: 'call_w', content: '18 degrees' }] },
      { role: 'user', content: [{ type: 'text', text: 'Result of tool get_weather:\n19 degrees' }] },
    ]);
  });

  it('offers the tools to the model', () => {
    const tools = [{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object' } } }];
    expect(chat({ tools }).tools).toEqual([{ name: 'f', description: 'd', parameters: { type: 'object' } }]);
  });

  it('maps options: num_predict to max tokens (negative means no limit), stop as a list', () => {
    const request = chat({
      options: { temperature: 0.2, top_p: 0.9, top_k: 40, num_predict: 64, stop: 'END', seed: 3 },
    });
    expect(request).toMatchObject({ temperature: 0.2, topP: 0.9, topK: 40, maxTokens: 64, stop: ['END'], seed: 3 });
    expect(chat({ options: { num_predict: -1 } }).maxTokens).toBeUndefined();
  });

  it('maps format "json" and a JSON schema', () => {
    expect(chat({ format: 'json' }).responseFormat).toEqual({ type: 'json_object' });
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    expect(chat({ format: schema }).responseFormat).toEqual({ type: 'json_schema', name: 'response', schema });
  });

  it('maps think as a switch or an effort', () => {
    expect(chat({ think: true }).reasoning).toEqual({ enabled: true });
    expect(chat({ think: false }).reasoning).toEqual({ enabled: false });
    expect(chat({ think: 'low' }).reasoning).toEqual({ enabled: true, effort: 'low' });
  });

  it('keeps the body untouched beside the decoded request', () => {
    const body = { model: 'm', messages: [], keep_alive: '5m', options: { num_ctx: 8192 } };
    expect(ollamaChatCodec.decode(body, {}).inbound).toEqual({ shape: 'ollama', body, forwardHeaders: {} });
  });

  it.each([
    [{ messages: 'hi' }, 'messages'],
    [{ messages: [{ role: 7, content: 'x' }] }, 'messages[0].role'],
    [{ messages: [{ role: 'user', content: 'x', images: [7] }] }, 'messages[0].images[0]'],
    [{ format: 'yaml' }, 'format'],
    [{ think: 'very' }, 'think'],
    [{ options: { temperature: 'hot' } }, 'options.temperature'],
    [
      { messages: [{ role: 'assistant', tool_calls: [{ function: { name: 'f', arguments: [1] } }] }] },
      'messages[0].tool_calls[0].function.arguments',
    ],
  ])('refuses %j, naming %s', (body, param) => {
    const err = refusal(() => chat(body));
    expect(err).toMatchObject({ kind: 'invalid_request', param });
    expect(err.message.startsWith(param)).toBe(true);
  });
});

describe('decoding /api/generate', () => {
  it('makes one user turn of the prompt (suffix after it) and the system text', () => {
    const { request } = ollamaGenerateCodec.decode(
      { model: 'm', prompt: 'def add(a, b):', suffix: 'return total', system: 'Code only.', images: [PNG] },
      {},
    );
    expect(request.system).toEqual([{ type: 'text', text: 'Code only.' }]);
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'def add(a, b):\n\nreturn total' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: PNG } },
        ],
      },
    ]);
    expect(request.stream).toBe(true);
  });

  it("notes Ollama's own prompt templating, which no other upstream applies", () => {
    const { request } = ollamaGenerateCodec.decode(
      { model: 'm', prompt: 'x', raw: true, template: '{{ .Prompt }}', context: [1, 2] },
      {},
    );
    expect(request.warnings).toEqual([
      "raw: Ollama's raw prompt mode not applied",
      'template: prompt template not applied',
      'context: earlier context tokens dropped',
    ]);
  });
});
