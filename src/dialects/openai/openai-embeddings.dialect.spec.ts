import { GatewayError } from '#src/core/gateway-error.js';
import { openAIEmbeddings } from './openai-embeddings.dialect.js';

function refusal(decode: () => unknown): GatewayError | undefined {
  try {
    decode();
  } catch (err) {
    if (err instanceof GatewayError) return err;
  }
  return undefined;
}

const answer = { vectors: [[0.5, -1.25]], inputTokens: 3, model: 'embed', provider: 'openai' };

describe('the OpenAI embeddings dialect', () => {
  it('reads one text, several texts, one token array or several', () => {
    const input = (value: unknown) => openAIEmbeddings.decode({ model: 'm', input: value }).input;
    expect(input('hi')).toEqual(['hi']);
    expect(input(['a', 'b'])).toEqual(['a', 'b']);
    expect(input([1, 2])).toEqual([[1, 2]]);
    expect(input([[1], [2, 3]])).toEqual([[1], [2, 3]]);
  });

  it.each([
    [{ input: 'x' }, 'model'],
    [{ model: 'm', input: [] }, 'input'],
    [{ model: 'm', input: ['a', 1] }, 'input'],
    [{ model: 'm', input: 'x', encoding_format: 'int8' }, 'encoding_format'],
    [{ model: 'm', input: 'x', dimensions: 0 }, 'dimensions'],
  ])('refuses %j, naming %s', (body, param) => {
    expect(refusal(() => openAIEmbeddings.decode(body))).toMatchObject({ kind: 'invalid_request', param });
  });

  it.each([[['m', 'x']], ['text'], [null]])('refuses a body that is not an object, %j, as a whole', (body) => {
    const err = refusal(() => openAIEmbeddings.decode(body));
    expect(err).toMatchObject({ kind: 'invalid_request', message: 'The request body must be a JSON object' });
    expect(err?.param).toBeUndefined();
  });

  it('answers in the list shape with usage', () => {
    const query = openAIEmbeddings.decode({ model: 'embed', input: 'x' });
    expect(openAIEmbeddings.encode(answer, query, 5)).toEqual({
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [0.5, -1.25] }],
      model: 'embed',
      usage: { prompt_tokens: 3, total_tokens: 3 },
    });
  });

  it('encodes base64 as little-endian float32, which the SDK decodes back to the numbers', () => {
    const query = openAIEmbeddings.decode({ model: 'embed', input: 'x', encoding_format: 'base64' });
    const body = openAIEmbeddings.encode(answer, query, 5) as { data: Array<{ embedding: string }> };
    const bytes = Buffer.from(body.data[0].embedding, 'base64');
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4)]).toEqual([0.5, -1.25]);
  });
});
