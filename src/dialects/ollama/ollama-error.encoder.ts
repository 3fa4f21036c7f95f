import { retryAfterSeconds, type GatewayError } from '#src/core/gateway-error.js';
import type { ErrorReply } from '#src/dialects/dialect.types.js';
import type { OllamaErrorBody } from './ollama.wire.js';

/** The router quotes the unknown name: `The model 'x' does not exist on this gateway`. */
const QUOTED_NAME = /'([^']*)'/;

/**
 * Ollama's message for each failure. An unknown model gets Ollama's own sentence, which clients
 * (Open WebUI, editors) match on to offer a pull; the rest keep the gateway's wording.
 */
export function ollamaErrorMessage(err: GatewayError): string {
  if (err.kind === 'model_not_found') {
    const name = QUOTED_NAME.exec(err.message)?.[1];
    if (name !== undefined) return `model '${name}' not found`;
  }
  return err.message;
}

/**
 * Ollama answers with the plain statuses HTTP clients know; Anthropic's 529 (overloaded) becomes
 * 503, which every client treats as "try later".
 */
export function ollamaErrorStatus(err: GatewayError): number {
  return err.status === 529 ? 503 : err.status;
}

export function encodeOllamaError(err: GatewayError, requestId: string): ErrorReply {
  const headers: Record<string, string> = { 'x-request-id': requestId };
  // Whole seconds only: Ollama itself sends no wait, and its clients (ollama-js, ollama-python)
  // retry nothing; `retry-after-ms` is a Stainless SDK header none of them reads.
  if (err.retryAfterMs !== undefined) headers['retry-after'] = retryAfterSeconds(err.retryAfterMs);
  const body: OllamaErrorBody = { error: ollamaErrorMessage(err) };
  return { status: ollamaErrorStatus(err), headers, body };
}
