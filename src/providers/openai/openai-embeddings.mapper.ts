import { isGatewayError } from '#src/core/gateway-error.js';
import type { EmbeddingResult } from '#src/providers/provider.types.js';

/** The OpenAI embeddings reply, reduced to what the gateway reads. */
interface OpenAIEmbeddings {
  data?: Array<{ index?: number; embedding?: number[] | string }>;
  usage?: { prompt_tokens?: number };
}

const FLOAT32_BYTES = 4;

/**
 * The vectors in input order (rows are put back by their `index`) and the token count. A vector
 * is base64 when it was asked for so, and floats from a server that ignores `encoding_format`.
 */
export function fromOpenAIEmbeddings(reply: unknown): EmbeddingResult {
  const { data, usage } = reply as OpenAIEmbeddings;
  const rows = [...(data ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  return { vectors: rows.map((r) => toVector(r.embedding)), inputTokens: usage?.prompt_tokens };
}

function toVector(embedding: number[] | string | undefined): number[] {
  if (typeof embedding !== 'string') return embedding ?? [];
  // OpenAI's base64 is the vector's little-endian float32 bytes.
  const bytes = Buffer.from(embedding, 'base64');
  const length = Math.floor(bytes.length / FLOAT32_BYTES);
  return Array.from({ length }, (_, i) => bytes.readFloatLE(i * FLOAT32_BYTES));
}

/**
 * An upstream that refuses `encoding_format` itself (a compatible server that knows only floats)
 * says so in a 400 or 422 naming the field; any other refusal is about the request.
 */
export function refusesEncodingFormat(err: unknown): boolean {
  return isGatewayError(err) && err.kind === 'bad_request' && err.message.includes('encoding_format');
}
