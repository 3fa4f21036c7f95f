import { GatewayError } from '#src/core/gateway-error.js';
import { ManualClock } from '../../../test/factories/manual-clock.js';
import { OllamaCodec } from './ollama.codec.js';

const chatCodec = new OllamaCodec('chat', new ManualClock());
const generateCodec = new OllamaCodec('generate', new ManualClock());
const CREATED_AT = '2025-01-01T00:00:00.000Z';

describe('a request that only loads or unloads a model', () => {
  it.each([
    ['a chat with no messages', chatCodec, { messages: [] }],
    ['a chat without messages at all', chatCodec, {}],
    ['a generate with an empty prompt', generateCodec, { prompt: '' }],
    ['a generate without a prompt', generateCodec, {}],
  ])('is answered by the dialect itself: %s', (_case, codec, extra) => {
    const { request, local } = codec.decode({ model: 'llama3.2', stream: false, ...extra }, {});
    expect(request).toEqual({ model: 'llama3.2', messages: [], stream: false });
    expect(local?.contentType).toMatch(/^application\/json/);
    expect(local?.body).toMatchObject({ model: 'llama3.2', done: true, done_reason: 'load' });
  });

  it('answers a chat with Ollama’s done line: an empty assistant message', () => {
    const { local } = chatCodec.decode({ model: 'llama3.2', messages: [], stream: false }, {});
    expect(local?.body).toEqual({
      model: 'llama3.2',
      created_at: CREATED_AT,
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'load',
    });
  });

  it('answers a generate with an empty response, as one NDJSON line when streaming', () => {
    const { local } = generateCodec.decode({ model: 'llama3.2' }, {});
    expect(local?.contentType).toBe('application/x-ndjson');
    expect(local?.body).toBe(
      `{"model":"llama3.2","created_at":"${CREATED_AT}","response":"","done":true,"done_reason":"load"}\n`,
    );
  });

  it.each([0, '0', '0s', '0m', '0h0m0s'])('unloads the model when keep_alive is %j', (keepAlive) => {
    const { local } = generateCodec.decode({ model: 'llama3.2', keep_alive: keepAlive, stream: false }, {});
    expect(local?.body).toMatchObject({ done_reason: 'unload' });
  });

  it.each([-1, 5, '5m', '-1m'])('only loads it when keep_alive is %j', (keepAlive) => {
    const { local } = chatCodec.decode({ model: 'llama3.2', messages: [], keep_alive: keepAlive, stream: false }, {});
    expect(local?.body).toMatchObject({ done_reason: 'load' });
  });

  it('needs a model, as Ollama does', () => {
    expect(() => chatCodec.decode({ messages: [] }, {})).toThrow(GatewayError);
  });

  it('is not a chat with messages or a generate with a prompt', () => {
    expect(chatCodec.decode({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, {}).local).toBeUndefined();
    expect(generateCodec.decode({ model: 'm', prompt: 'hi' }, {}).local).toBeUndefined();
  });
});
