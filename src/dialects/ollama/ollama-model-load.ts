import type { ChatRequest } from '#src/core/chat.types.js';
import type { Clock } from '#src/core/clock.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { LocalAnswer } from '#src/dialects/dialect.types.js';
import { ollamaFields as read, type JsonObject } from './ollama-fields.js';
import { ollamaLine, type OllamaEndpoint } from './ollama-line.encoder.js';
import type { OllamaModelAction } from './ollama.wire.js';

/** `keep_alive` of zero as Ollama reads it: seconds as a number, or a Go duration ("0", "0s", "0m0s"). */
const ZERO_DURATION = /^[+-]?(?:0|(?:(?:0+\.?0*|\.0+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;

/**
 * Ollama's way to load a model ahead of use is a chat without messages or a generate without a
 * prompt; with `keep_alive: 0` it unloads the model instead. Ollama answers at once with one done
 * line naming which. The gateway keeps no model in memory, so it gives the same answer without
 * asking an upstream (none would take an empty conversation); the request is still routed, so the
 * model must be one the gateway has and the caller's key may use. Undefined for any other request.
 */
export function decodeModelLoad(
  endpoint: OllamaEndpoint,
  body: JsonObject,
  clock: Clock,
): { request: ChatRequest; local: LocalAnswer } | undefined {
  const asked = endpoint === 'chat' ? body.messages : body.prompt;
  const empty = endpoint === 'chat' ? Array.isArray(asked) && asked.length === 0 : asked === '';
  if (!empty && asked !== undefined && asked !== null) return undefined;
  const model = read.optionalString(body.model, 'model');
  if (!model) throw GatewayError.invalid('model', 'model is required');
  const stream = read.optionalBoolean(body.stream, 'stream') ?? true;
  const done_reason: OllamaModelAction = unloads(body.keep_alive) ? 'unload' : 'load';
  const line = { ...ollamaLine(endpoint, { model, createdAt: clock.now() }, {}, true), done_reason };
  const local: LocalAnswer = stream
    ? { contentType: 'application/x-ndjson', body: `${JSON.stringify(line)}\n` }
    : { contentType: 'application/json; charset=utf-8', body: line };
  return { request: { model, messages: [], stream }, local };
}

function unloads(keepAlive: unknown): boolean {
  if (typeof keepAlive === 'number') return keepAlive === 0;
  return typeof keepAlive === 'string' && ZERO_DURATION.test(keepAlive);
}
