import { GatewayError } from '#src/core/gateway-error.js';
import { fromOpenAIEmbeddings, refusesEncodingFormat } from './openai-embeddings.mapper.js';

const base64 = (vector: number[]) => Buffer.from(new Float32Array(vector).buffer).toString('base64');

describe('OpenAI embeddings replies', () => {
  it('decode base64 vectors as little-endian float32, in input order', () => {
    const reply = {
      data: [
        { index: 1, embedding: base64([0.25, -3]) },
        { index: 0, embedding: base64([1.5, 0, 7]) },
      ],
      usage: { prompt_tokens: 4 },
    };
    expect(fromOpenAIEmbeddings(reply)).toEqual({
      vectors: [
        [1.5, 0, 7],
        [0.25, -3],
      ],
      inputTokens: 4,
    });
  });

  it('read floats as they are, from a server that ignored the encoding asked for', () => {
    expect(fromOpenAIEmbeddings({ data: [{ index: 0, embedding: [0.1, 0.2] }] })).toEqual({
      vectors: [[0.1, 0.2]],
      inputTokens: undefined,
    });
  });

  it('tell a refusal of encoding_format from any other refusal', () => {
    const refusal = (message: string) => new GatewayError('bad_request', message, { upstreamStatus: 400 });
    expect(refusesEncodingFormat(refusal("Unrecognized request argument supplied: 'encoding_format'"))).toBe(true);
    expect(refusesEncodingFormat(refusal("'input' is too long"))).toBe(false);
    expect(refusesEncodingFormat(new GatewayError('upstream_5xx', 'encoding_format failed'))).toBe(false);
  });
});
