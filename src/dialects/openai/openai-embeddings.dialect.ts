import { GatewayError } from '#src/core/gateway-error.js';
import type { EmbeddingsDialect } from '#src/gateway/embeddings-responder.js';
import type { EmbeddingsQuery } from '#src/gateway/embeddings.service.js';
import { isObject, optionalNumber, optionalString, requireString } from './field.guards.js';
import { openAICodec } from './openai.codec.js';

export interface OpenAIEmbeddingsQuery extends EmbeddingsQuery {
  encodingFormat: 'float' | 'base64';
}

/** `POST /v1/embeddings`: text, texts, one token array or several; floats or base64 out. */
export const openAIEmbeddings: EmbeddingsDialect<OpenAIEmbeddingsQuery> = {
  codec: openAICodec,
  decode(raw) {
    if (!isObject(raw)) throw new GatewayError('invalid_request', 'The request body must be a JSON object');
    const body = raw;
    const format = optionalString(body.encoding_format, 'encoding_format') ?? 'float';
    if (format !== 'float' && format !== 'base64') {
      throw GatewayError.invalid('encoding_format', "'encoding_format' must be one of: float, base64");
    }
    return {
      model: requireString(body.model, 'model'),
      input: decodeInput(body.input),
      dimensions: optionalNumber(body.dimensions, 'dimensions', { integer: true, min: 1 }),
      encodingFormat: format,
    };
  },
  encode(answer, query) {
    const data = answer.vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: query.encodingFormat === 'base64' ? toBase64(vector) : vector,
    }));
    const promptTokens = answer.inputTokens;
    return {
      object: 'list',
      data,
      model: answer.model,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    };
  },
};

function decodeInput(raw: unknown): string[] | number[][] {
  if (typeof raw === 'string') return [raw];
  if (!Array.isArray(raw) || raw.length === 0) {
    throw GatewayError.invalid(
      'input',
      "'input' must be a string, an array of strings, or token arrays, and not empty",
    );
  }
  if (raw.every((item) => typeof item === 'string')) return raw as string[];
  if (raw.every((item) => Number.isInteger(item))) return [raw as number[]];
  if (raw.every((item) => Array.isArray(item) && item.length > 0 && item.every((t) => Number.isInteger(t)))) {
    return raw as number[][];
  }
  throw GatewayError.invalid('input', "'input' must be a string, an array of strings, or token arrays, not a mix");
}

/** OpenAI's base64 is the vector as little-endian float32, which is how its SDK decodes it. */
function toBase64(vector: number[]): string {
  const floats = new Float32Array(vector);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64');
}
