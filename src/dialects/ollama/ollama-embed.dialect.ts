import type { EmbeddingsDialect } from '#src/gateway/embeddings-responder.js';
import type { EmbeddingsQuery } from '#src/gateway/embeddings.service.js';
import { ollamaChatCodec } from './ollama.codec.js';
import { ollamaFields as read } from './ollama-fields.js';

const NS_PER_MS = 1_000_000;

/**
 * `POST /api/embed`: `input` is one text or several. `truncate` is the upstream's business (an
 * Ollama upstream truncates by default, others reject over-long input).
 */
export const ollamaEmbed: EmbeddingsDialect<EmbeddingsQuery & { input: string[] }> = {
  codec: ollamaChatCodec,
  decode(raw) {
    const body = read.object(raw, 'body');
    const input = typeof body.input === 'string' ? [body.input] : read.array(body.input, 'input');
    return {
      model: read.string(body.model, 'model'),
      input: input.map((text, i) => read.string(text, `input[${i}]`)),
      dimensions: read.optionalNumber(body.dimensions, 'dimensions', { integer: true, min: 1 }),
    };
  },
  encode(answer, query, elapsedMs) {
    return {
      model: query.model,
      embeddings: answer.vectors,
      total_duration: Math.round(elapsedMs * NS_PER_MS),
      load_duration: 0,
      prompt_eval_count: answer.inputTokens,
    };
  },
};

/** The older `POST /api/embeddings`: one `prompt`, one `embedding`. */
export const ollamaEmbeddings: EmbeddingsDialect<EmbeddingsQuery> = {
  codec: ollamaChatCodec,
  decode(raw) {
    const body = read.object(raw, 'body');
    return { model: read.string(body.model, 'model'), input: [read.string(body.prompt, 'prompt')] };
  },
  encode(answer) {
    return { embedding: answer.vectors[0] ?? [] };
  },
};
